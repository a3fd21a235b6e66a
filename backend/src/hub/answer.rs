//! A command's answer and its events' log bodies, encoded once.
//!
//! A vote's event is stored as JSON and sent back to the voter as JSON inside the
//! answer (`CommandAccepted`); the voter sees it as the log holds it. Serializing it
//! once for the log and again for the answer was two passes of serde and two
//! buffers per vote on the hottest path (BENCHMARKS.md, F14). Here the answer is
//! written by hand around each event's JSON, and the log's copy of that JSON is a
//! slice of the same buffer. Events the caller sees differently (another
//! participant's vote, an anonymous author) are written projected in the answer,
//! and their log bodies are appended after it.

use bytes::Bytes;
use std::sync::Arc;
use summit_shared::api::CommandAccepted;
use summit_shared::view::projected;
use summit_shared::{Seq, SeqEvent, Viewer};

/// A command's answer as JSON: exactly what `Json<CommandAccepted>` would send.
#[derive(Clone, Debug)]
pub struct Answer(Bytes);

impl Answer {
    /// An answer built from typed events (retries, the replicated engine).
    pub fn of(accepted: &CommandAccepted) -> Result<Answer, serde_json::Error> {
        serde_json::to_vec(accepted).map(|json| Answer(Bytes::from(json)))
    }

    /// The JSON, as sent.
    pub fn json(&self) -> &Bytes {
        &self.0
    }
}

/// One buffer: the answer, then the log bodies of events the caller sees projected.
pub struct Encoded {
    answer: Answer,
    /// Each event's JSON as the log stores it (what `serde_json::to_string` gives):
    /// slices of the answer's buffer.
    bodies: Vec<Bytes>,
}

impl Encoded {
    /// Encodes `events` (the command's, in log order) for the log and for the
    /// caller, who sees each as `viewer_of` it says; `seq` is the position after them.
    pub fn new(
        seq: Seq,
        events: &[Arc<SeqEvent>],
        anonymous: bool,
        viewer_of: impl Fn(&SeqEvent) -> Viewer,
    ) -> Result<Encoded, serde_json::Error> {
        // A vote's answer is about 90 bytes; room for its event without growing.
        let mut out: Vec<u8> = Vec::with_capacity(64 + 112 * events.len());
        let mut bodies = Vec::with_capacity(events.len());
        let mut later: Vec<usize> = Vec::new();
        let mut number = itoa::Buffer::new();
        out.extend_from_slice(b"{\"seq\":");
        out.extend_from_slice(number.format(seq).as_bytes());
        out.extend_from_slice(b",\"events\":[");
        for (i, event) in events.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"seq\":");
            out.extend_from_slice(number.format(event.seq).as_bytes());
            out.extend_from_slice(b",\"event\":");
            match projected(&event.event, viewer_of(event), anonymous) {
                None => {
                    let start = out.len();
                    serde_json::to_writer(&mut out, &event.event)?;
                    bodies.push(start..out.len());
                }
                Some(seen) => {
                    serde_json::to_writer(&mut out, &seen)?;
                    later.push(i);
                    bodies.push(0..0);
                }
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
        let answer = out.len();
        for i in later {
            let start = out.len();
            serde_json::to_writer(&mut out, &events[i].event)?;
            bodies[i] = start..out.len();
        }
        let buf = Bytes::from(out);
        Ok(Encoded {
            answer: Answer(buf.slice(..answer)),
            bodies: bodies.into_iter().map(|range| buf.slice(range)).collect(),
        })
    }

    pub fn answer(&self) -> Answer {
        self.answer.clone()
    }

    /// Each event's JSON as the log stores it, in order.
    pub fn bodies(&self) -> &[Bytes] {
        &self.bodies
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use summit_shared::view::project;
    use summit_shared::{DepartmentId, Event, IdeaId, ParticipantId, Problem, ProblemId};

    /// Whether a JSON body from the log decodes to this event.
    fn decodes_to(body: &[u8], event: &Event) -> bool {
        serde_json::from_slice::<Event>(body).is_ok_and(|e| &e == event)
    }

    fn events() -> Vec<Arc<SeqEvent>> {
        let problem = Problem {
            id: ProblemId(3),
            department: DepartmentId(1),
            author: Some(ParticipantId(7)),
            text: "Promos \"nobody\" told us about — again".into(),
            withdrawn: false,
            picked: false,
            support: vec![ParticipantId(7)],
            hidden_support: 0,
            hidden: false,
            merged_into: None,
        };
        [
            Event::VoteCast {
                participant: ParticipantId(7),
                idea: IdeaId(1),
            },
            Event::VoteCast {
                participant: ParticipantId(8),
                idea: IdeaId(1),
            },
            Event::ProblemSubmitted { problem },
        ]
        .into_iter()
        .enumerate()
        .map(|(i, event)| {
            Arc::new(SeqEvent {
                seq: 40 + i as Seq,
                event,
            })
        })
        .collect()
    }

    #[test]
    fn the_answer_is_what_serde_writes_and_the_bodies_what_the_log_stored() {
        let events = events();
        for anonymous in [false, true] {
            for viewer in [
                Viewer::Participant(ParticipantId(7)),
                Viewer::Participant(ParticipantId(8)),
                Viewer::Facilitator,
            ] {
                let encoded = Encoded::new(42, &events, anonymous, |_| viewer).unwrap();
                // The typed way: each event projected, then serde.
                let typed = CommandAccepted {
                    seq: 42,
                    events: events
                        .iter()
                        .map(|e| SeqEvent {
                            seq: e.seq,
                            event: project(&e.event, viewer, anonymous),
                        })
                        .collect(),
                };
                assert_eq!(
                    encoded.answer().json().as_ref(),
                    serde_json::to_vec(&typed).unwrap(),
                    "{viewer:?}, anonymous: {anonymous}"
                );
                assert_eq!(encoded.bodies().len(), events.len());
                for (body, event) in encoded.bodies().iter().zip(&events) {
                    assert_eq!(body, &serde_json::to_string(&event.event).unwrap());
                    assert!(decodes_to(body, &event.event));
                }
            }
        }
    }

    #[test]
    fn an_answer_without_events() {
        let encoded = Encoded::new(9, &[], false, |_| Viewer::Facilitator).unwrap();
        assert_eq!(
            encoded.answer().json().as_ref(),
            br#"{"seq":9,"events":[]}"#
        );
        assert!(encoded.bodies().is_empty());
    }
}

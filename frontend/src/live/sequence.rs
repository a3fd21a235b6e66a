//! Applying a session's events in log order, each exactly once: the bookkeeping
//! behind [`Live`](super::Live), without the browser, so it is tested natively.
//!
//! Events come from two places: the live stream (in order, but possibly with a hole
//! after a reconnect) and the answers to this browser's own commands (which can run
//! ahead of the stream when someone else's event sits in between). Both go through
//! [`Sequence::ingest`]: an event at `seq <= current` was already applied and is
//! dropped; `current + 1` is ready, and so is whatever was held right behind it; an
//! event further ahead is held if it came from a command, and means a hole if it
//! came from the stream (the page then reloads the snapshot).

use summit_shared::{Event, Seq, SeqEvent};

/// The log position the page's state reflects, and the events held until the ones
/// before them arrive.
#[derive(Default)]
pub struct Sequence {
    /// Log position the state reflects.
    seq: Seq,
    /// Events that arrived ahead of `seq + 1`, by position.
    pending: Pending,
}

/// What [`Sequence::ingest`] found.
#[derive(Debug, Default, PartialEq)]
pub struct Ingested {
    /// Events to apply now, in order.
    pub ready: Vec<Event>,
    /// The stream skipped a position: reload the snapshot.
    pub gap: bool,
    /// Events are held for a hole the stream should fill soon.
    pub waiting: bool,
}

impl Sequence {
    pub fn seq(&self) -> Seq {
        self.seq
    }

    /// A snapshot at `seq` arrived: the state is now that. Returns the held events
    /// that follow it directly, to apply on top; older ones are dropped.
    pub fn restart_at(&mut self, seq: Seq) -> Vec<Event> {
        self.seq = seq;
        self.pending.keep_after(seq);
        self.take_ready()
    }

    /// Keeps events that may be newer than a snapshot on its way.
    pub fn hold(&mut self, events: Vec<SeqEvent>) {
        for e in events {
            if e.seq > self.seq {
                self.pending.insert(e.seq, e.event);
            }
        }
    }

    /// Takes events in (see the module docs).
    pub fn ingest(&mut self, events: Vec<SeqEvent>, from_stream: bool) -> Ingested {
        let mut out = Ingested::default();
        for e in events {
            if e.seq <= self.seq {
                continue;
            }
            if e.seq == self.seq + 1 {
                self.seq = e.seq;
                out.ready.push(e.event);
                out.ready.extend(self.take_ready());
            } else if from_stream {
                // The stream is in order, so a jump means something was missed.
                out.gap = true;
                break;
            } else {
                self.pending.insert(e.seq, e.event);
            }
        }
        self.pending.keep_after(self.seq);
        out.waiting = !self.pending.is_empty();
        out
    }

    /// Whether events are still held (the stream did not fill the hole).
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The held events right after the current position, in order.
    fn take_ready(&mut self) -> Vec<Event> {
        let mut ready = Vec::new();
        while let Some(event) = self.pending.take(self.seq + 1) {
            self.seq += 1;
            ready.push(event);
        }
        ready
    }
}

/// Events held by their log position: a handful at most (the events of this
/// browser's own commands). A short list rather than a `BTreeMap`, whose code for
/// `Event` values is kilobytes of wasm (the size budget); it behaves like the map:
/// one event per position, looked up by position.
#[derive(Default)]
struct Pending(Vec<(Seq, Event)>);

impl Pending {
    /// Holds `event` at `seq`, replacing one already held there.
    fn insert(&mut self, seq: Seq, event: Event) {
        match self.0.iter_mut().find(|(s, _)| *s == seq) {
            Some(slot) => slot.1 = event,
            None => self.0.push((seq, event)),
        }
    }

    /// Takes out the event held at `seq`.
    fn take(&mut self, seq: Seq) -> Option<Event> {
        let i = self.0.iter().position(|(s, _)| *s == seq)?;
        Some(self.0.swap_remove(i).1)
    }

    /// Drops every event at or before `seq` (already applied).
    fn keep_after(&mut self, seq: Seq) {
        self.0.retain(|(s, _)| *s > seq);
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use summit_shared::Phase;

    /// A distinct event per position, so tests can tell which came out.
    fn at(seq: Seq) -> SeqEvent {
        SeqEvent {
            seq,
            event: Event::TimerStarted {
                ends_at: seq as i64,
                seconds: 1,
            },
        }
    }

    fn events(seqs: &[Seq]) -> Vec<Event> {
        seqs.iter().map(|s| at(*s).event).collect()
    }

    fn started_at(seq: Seq) -> Sequence {
        let mut s = Sequence::default();
        assert!(s.restart_at(seq).is_empty());
        s
    }

    #[test]
    fn the_next_event_is_applied_and_old_ones_dropped() {
        let mut s = started_at(4);
        let got = s.ingest(vec![at(3), at(4), at(5)], true);
        assert_eq!(got.ready, events(&[5]));
        assert!(!got.gap && !got.waiting);
        assert_eq!(s.seq(), 5);
        // The stream's copies of events already applied are duplicates.
        assert_eq!(s.ingest(vec![at(5)], true), Ingested::default());
    }

    #[test]
    fn a_hole_in_the_stream_asks_for_a_reload() {
        let mut s = started_at(4);
        let got = s.ingest(vec![at(5), at(7), at(8)], true);
        assert_eq!(got.ready, events(&[5]));
        assert!(got.gap);
        assert_eq!(s.seq(), 5);
    }

    #[test]
    fn a_commands_events_wait_for_the_stream_to_fill_the_hole() {
        let mut s = started_at(4);
        let got = s.ingest(vec![at(6), at(7)], false);
        assert!(got.ready.is_empty() && got.waiting && !got.gap);
        assert!(s.is_waiting());
        // The stream brings 5, then its own copies of 6 and 7.
        let got = s.ingest(vec![at(5)], true);
        assert_eq!(got.ready, events(&[5, 6, 7]));
        assert!(!got.waiting);
        assert!(s.ingest(vec![at(6), at(7)], true).ready.is_empty());
        assert_eq!(s.seq(), 7);
    }

    #[test]
    fn a_snapshot_keeps_only_what_comes_after_it() {
        let mut s = started_at(2);
        // Held while the snapshot loads: 3 is in the snapshot, 6 and 7 are not.
        s.hold(vec![at(3), at(6), at(7), at(9)]);
        let ready = s.restart_at(5);
        assert_eq!(ready, events(&[6, 7]));
        assert_eq!(s.seq(), 7);
        // 9 still waits for 8.
        assert!(s.is_waiting());
        assert_eq!(s.ingest(vec![at(8)], true).ready, events(&[8, 9]));
    }

    #[test]
    fn one_event_per_position_the_newest_copy_wins() {
        let mut s = started_at(1);
        s.ingest(vec![at(3)], false);
        let replaced = SeqEvent {
            seq: 3,
            event: Event::PhaseChanged { phase: Phase::Vote },
        };
        s.ingest(vec![replaced.clone()], false);
        let got = s.ingest(vec![at(2)], true);
        assert_eq!(got.ready, vec![at(2).event, replaced.event]);
    }
}

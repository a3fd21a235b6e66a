//! A session brought to the Vote phase through the public API, with participants
//! ready to vote and others ready to watch.

use crate::http::{post_json, Conn};
use serde_json::json;
use std::io;
use std::net::SocketAddr;
use summit_shared::api::CommandRequest;
use summit_shared::{Command, IdeaId, Phase, ProblemId};

pub struct Room {
    pub session: String,
    pub facilitator: String,
    /// Department 1 participants who vote (each on its own connection).
    pub voters: Vec<String>,
    /// Department 2 participants whose tickets open the live streams.
    pub watchers: Vec<String>,
    /// The one idea everyone votes on.
    pub idea: u32,
}

fn check(what: &str, status: u16, body: &serde_json::Value) -> io::Result<()> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(io::Error::other(format!("{what}: {status} {body}")))
    }
}

fn str_field(body: &serde_json::Value, key: &str) -> io::Result<String> {
    body[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| io::Error::other(format!("no {key} in {body}")))
}

/// The JSON body of a command, as the browser sends it (with an idempotency key).
pub fn command_body(command: &Command, key: Option<String>) -> String {
    serde_json::to_string(&CommandRequest {
        command: command.clone(),
        idempotency_key: key,
    })
    .expect("commands serialize")
}

impl Room {
    pub fn commands_path(&self) -> String {
        format!("/api/sessions/{}/commands", self.session)
    }

    /// Creates the session on `addr` (the server must allow fast joins) and walks it to Vote.
    pub async fn setup(addr: SocketAddr, voters: usize, watchers: usize) -> io::Result<Room> {
        let mut c = Conn::connect(addr).await?;
        let (status, created) = c
            .post(
                "/api/sessions",
                None,
                &json!({
                    "title": "Benchmark summit",
                    "departments": ["Marketing", "Customer Service"],
                    "settings": {
                        "vote_budget": 50,
                        "vote_cap_per_idea": 50,
                        "allow_own_department_ideas": true,
                        "anonymous": false
                    }
                }),
            )
            .await?;
        check("create session", status, &created)?;
        let session = str_field(&created, "session_id")?;
        let facilitator = str_field(&created, "facilitator_token")?;
        let join = |name: String, department: u32| json!({"name": name, "department": department});
        let participants = format!("/api/sessions/{session}/participants");
        let mut tokens = Vec::new();
        for (i, department) in std::iter::once(1)
            .chain(std::iter::once(2))
            .chain(std::iter::repeat_n(1, voters))
            .chain(std::iter::repeat_n(2, watchers))
            .enumerate()
        {
            let (status, joined) = c
                .post(&participants, None, &join(format!("P{i}"), department))
                .await?;
            check("join", status, &joined)?;
            tokens.push(str_field(&joined, "token")?);
        }
        let author = tokens[0].clone();
        let helper = tokens[1].clone();
        let room = Room {
            session,
            facilitator: facilitator.clone(),
            voters: tokens[2..2 + voters].to_vec(),
            watchers: tokens[2 + voters..].to_vec(),
            idea: 1,
        };
        let path = room.commands_path();
        let steps: Vec<(&str, Command)> = vec![
            (
                &facilitator,
                Command::SetPhase {
                    phase: Phase::Problems,
                },
            ),
            (
                &author,
                Command::SubmitProblem {
                    text: "Launch briefs arrive too late".into(),
                },
            ),
            (&facilitator, Command::SetPhase { phase: Phase::Pick }),
            (
                &facilitator,
                Command::ConfirmPick {
                    problem: ProblemId(1),
                    picked: true,
                },
            ),
            (
                &facilitator,
                Command::SetPhase {
                    phase: Phase::Ideas,
                },
            ),
            (
                &helper,
                Command::SubmitIdea {
                    problem: ProblemId(1),
                    text: "A shared launch calendar".into(),
                },
            ),
            (&facilitator, Command::SetPhase { phase: Phase::Vote }),
        ];
        for (token, command) in steps {
            let request = post_json(c.host(), &path, Some(token), &command_body(&command, None));
            let response = c.send(&request).await?;
            if !response.is_success() {
                return Err(io::Error::other(format!(
                    "{command:?}: {} {}",
                    response.status,
                    response.text()
                )));
            }
        }
        // The idea exists and is votable: one vote and its retraction.
        for command in [
            Command::CastVote { idea: IdeaId(1) },
            Command::RetractVote { idea: IdeaId(1) },
        ] {
            let request = post_json(
                c.host(),
                &path,
                Some(&room.voters[0]),
                &command_body(&command, None),
            );
            let response = c.send(&request).await?;
            if !response.is_success() {
                return Err(io::Error::other(format!(
                    "{command:?}: {} {}",
                    response.status,
                    response.text()
                )));
            }
        }
        Ok(room)
    }

    /// The log position now, from the facilitator's snapshot.
    pub async fn seq(&self, addr: SocketAddr) -> io::Result<u64> {
        let mut c = Conn::connect(addr).await?;
        let request = crate::http::get(
            c.host(),
            &format!("/api/sessions/{}", self.session),
            &format!("Authorization: Bearer {}\r\n", self.facilitator),
        );
        let response = c.send(&request).await?;
        let body = response.json()?;
        body["seq"]
            .as_u64()
            .ok_or_else(|| io::Error::other(format!("no seq in snapshot: {body}")))
    }

    /// A stream ticket for `token`.
    pub async fn ticket(&self, addr: SocketAddr, token: &str) -> io::Result<String> {
        let mut c = Conn::connect(addr).await?;
        let (status, body) = c
            .post(
                &format!("/api/sessions/{}/tickets", self.session),
                Some(token),
                &json!({}),
            )
            .await?;
        check("ticket", status, &body)?;
        str_field(&body, "ticket")
    }
}

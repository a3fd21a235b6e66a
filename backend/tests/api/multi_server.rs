//! Several Summit servers on one PostgreSQL database: live clients spread across
//! three server processes see every command, whichever server accepted it; budgets
//! stay exact when votes race through all three; when a server is killed, its
//! clients resume on another with nothing missed or duplicated.

use crate::common;

use common::node::Node;
use common::Sse;
use std::time::Duration;
use summit_shared::api::{
    paths, CommandAccepted, CommandRequest, JoinRequest, Joined, SessionCreated, Snapshot, Ticket,
};
use summit_shared::{
    Command, DepartmentId, IdeaId, Phase, ProblemId, Seq, SessionId, SessionSetup, SessionState,
    Settings,
};

struct Cluster {
    nodes: Vec<Node>,
    http: reqwest::Client,
    session: SessionId,
    facilitator: String,
}

impl Cluster {
    fn url(&self, node: usize, path: &str) -> String {
        format!("{}{}", self.nodes[node].base, path)
    }

    async fn command(
        &self,
        node: usize,
        token: &str,
        command: Command,
    ) -> (u16, serde_json::Value) {
        let res = self
            .http
            .post(self.url(node, &paths::commands(&self.session)))
            .bearer_auth(token)
            .json(&CommandRequest {
                command,
                idempotency_key: None,
            })
            .send()
            .await
            .expect("send");
        let status = res.status().as_u16();
        (status, res.json().await.expect("json"))
    }

    async fn ok(&self, node: usize, token: &str, command: Command) -> CommandAccepted {
        let (status, body) = self.command(node, token, command.clone()).await;
        assert_eq!(status, 200, "{command:?} on node {node}: {body}");
        serde_json::from_value(body).expect("accepted")
    }

    async fn join(&self, node: usize, name: &str, department: u32) -> Joined {
        let res = self
            .http
            .post(self.url(node, &paths::participants(&self.session)))
            .json(&JoinRequest {
                name: name.into(),
                department: DepartmentId(department),
            })
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 201);
        res.json().await.expect("joined")
    }

    async fn snapshot(&self, node: usize, token: &str) -> Snapshot {
        let res = self
            .http
            .get(self.url(node, &paths::session(&self.session)))
            .bearer_auth(token)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200);
        res.json().await.expect("snapshot")
    }

    async fn stream(&self, node: usize, token: &str, after: Seq) -> Sse {
        let ticket: Ticket = self
            .http
            .post(self.url(node, &paths::tickets(&self.session)))
            .bearer_auth(token)
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("ticket");
        let res = self
            .http
            .get(self.url(
                node,
                &format!("{}?ticket={}", paths::events(&self.session), ticket.ticket),
            ))
            .header("Last-Event-ID", after.to_string())
            .send()
            .await
            .expect("send");
        Sse::from_response(res)
    }
}

/// A live client: folds what its stream delivers, checking order and uniqueness.
struct Client {
    token: String,
    node: usize,
    stream: Sse,
    state: SessionState,
    seq: Seq,
}

impl Client {
    /// Reads until `target`, asserting every seq arrives exactly once and in order.
    async fn follow_to(&mut self, target: Seq) {
        while self.seq < target {
            let event = self
                .stream
                .next_event(Duration::from_secs(10))
                .await
                .unwrap_or_else(|| {
                    panic!(
                        "client on node {} stalled at {} of {target}",
                        self.node, self.seq
                    )
                });
            assert_eq!(
                event.seq,
                self.seq + 1,
                "gap or repeat on node {}",
                self.node
            );
            self.state.apply(&event.event);
            self.seq = event.seq;
        }
    }
}

#[tokio::test]
async fn three_servers_one_session() {
    let database_url = common::postgres_test_database().await;
    let nodes: Vec<Node> = (0..3).map(|_| Node::start(&database_url, &[])).collect();
    let http = reqwest::Client::new();

    let setup = SessionSetup {
        title: "Company-wide summit".into(),
        departments: vec![
            "Marketing".into(),
            "Customer Service".into(),
            "Sales".into(),
        ],
        settings: Settings {
            vote_budget: 5,
            vote_cap_per_idea: 5,
            ..Settings::default()
        },
        carry_from: None,
    };
    let created: SessionCreated = http
        .post(format!("{}/api/sessions", nodes[0].base))
        .json(&setup)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("created");
    let mut cluster = Cluster {
        nodes,
        http,
        session: created.session_id.clone(),
        facilitator: created.facilitator_token.clone(),
    };
    let fac = cluster.facilitator.clone();

    // Twelve participants join through all three servers.
    let mut people = Vec::new();
    for i in 0..12u32 {
        people.push(
            cluster
                .join(i as usize % 3, &format!("P{i}"), i % 3 + 1)
                .await,
        );
    }

    // Live clients: the facilitator and every participant, spread over the servers.
    let mut clients = Vec::new();
    for (i, token) in std::iter::once(fac.clone())
        .chain(people.iter().map(|p| p.token.clone()))
        .enumerate()
    {
        let node = i % 3;
        clients.push(Client {
            stream: cluster.stream(node, &token, 0).await,
            token,
            node,
            state: SessionState::default(),
            seq: 0,
        });
    }

    // A whole flow, each command through a different server.
    cluster
        .ok(
            1,
            &fac,
            Command::SetPhase {
                phase: Phase::Problems,
            },
        )
        .await;
    for (i, p) in people.iter().enumerate().take(6) {
        cluster
            .ok(
                i % 3,
                &p.token,
                Command::SubmitProblem {
                    text: format!("problem {i}"),
                },
            )
            .await;
    }
    cluster
        .ok(2, &fac, Command::SetPhase { phase: Phase::Pick })
        .await;
    for problem in 1..=6 {
        cluster
            .ok(
                problem as usize % 3,
                &fac,
                Command::ConfirmPick {
                    problem: ProblemId(problem),
                    picked: true,
                },
            )
            .await;
    }
    cluster
        .ok(
            0,
            &fac,
            Command::SetPhase {
                phase: Phase::Ideas,
            },
        )
        .await;
    // Problem 1 is Marketing's (P0): ideas from Customer Service and Sales.
    for (i, p) in people
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .take(4)
    {
        cluster
            .ok(
                i % 3,
                &p.token,
                Command::SubmitIdea {
                    problem: ProblemId(1),
                    text: format!("idea {i}"),
                },
            )
            .await;
    }
    cluster
        .ok(1, &fac, Command::SetPhase { phase: Phase::Vote })
        .await;

    // 200 concurrent votes from one participant through all three servers.
    let voter = people[1].token.clone();
    let results = futures_util::future::join_all((0..200).map(|i| {
        let cluster = &cluster;
        let voter = voter.clone();
        async move {
            cluster
                .command(
                    i % 3,
                    &voter,
                    Command::CastVote {
                        idea: IdeaId(i as u32 % 4 + 1),
                    },
                )
                .await
        }
    }))
    .await;
    let accepted = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(accepted, 5, "exactly the budget is accepted");
    for (status, body) in results.iter().filter(|(s, _)| *s != 200) {
        assert!(matches!(status, 409 | 429), "{status}: {body}");
        assert!(body["error"]["code"].is_string());
    }
    // Meanwhile everyone else votes once, concurrently, through all servers.
    let others =
        futures_util::future::join_all(people.iter().enumerate().filter(|(i, _)| *i != 1).map(
            |(i, p)| {
                let cluster = &cluster;
                async move {
                    cluster
                        .command(i % 3, &p.token, Command::CastVote { idea: IdeaId(1) })
                        .await
                }
            },
        ))
        .await;
    assert!(others.iter().all(|(s, _)| *s == 200));

    // Kill server 2 mid-session; its clients move to server 0 and resume.
    let before_kill = cluster.snapshot(0, &fac).await.seq;
    for c in clients.iter_mut().filter(|c| c.node == 2) {
        c.follow_to(before_kill / 2).await; // part-way: the rest must come from the backlog
    }
    cluster.nodes[2].kill();
    cluster
        .ok(0, &fac, Command::StartTimer { seconds: 120 })
        .await;
    for c in clients.iter_mut().filter(|c| c.node == 2) {
        c.stream = cluster.stream(0, &c.token, c.seq).await;
        c.node = 0;
    }
    cluster
        .ok(1, &fac, Command::SetPhase { phase: Phase::Plan })
        .await;

    // Everyone ends with the identical sequence and the state the servers hold for them.
    let final_seq = cluster.snapshot(1, &fac).await.seq;
    for c in clients.iter_mut() {
        c.follow_to(final_seq).await;
    }
    for c in &clients {
        let truth = cluster.snapshot(c.node, &c.token).await;
        assert_eq!(truth.seq, final_seq);
        assert_eq!(c.state, truth.state, "client on node {} diverged", c.node);
    }
    let fac_state = &clients[0].state;
    let tallies = fac_state.tallies.as_ref().expect("revealed");
    assert_eq!(
        tallies.values().sum::<u32>(),
        5 + 11,
        "budget exact across servers"
    );
    assert_eq!(
        cluster
            .snapshot(0, &voter)
            .await
            .state
            .votes_used(people[1].participant_id),
        5
    );
}

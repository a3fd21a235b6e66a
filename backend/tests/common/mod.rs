//! Test harness: a real Summit server on a real port with a temporary SQLite file,
//! and a typed HTTP client for it (in the spirit of crates.io's `TestApp`).

#![allow(dead_code)]

pub mod node;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use summit_backend::{start, Config, Running};
use summit_shared::api::{
    paths, CommandAccepted, CommandRequest, ErrorBody, JoinRequest, Joined, SessionCreated,
    Snapshot, Ticket,
};
use summit_shared::{
    Command, DepartmentId, Phase, ProblemId, SeqEvent, SessionId, SessionSetup, Settings,
};

/// Reads one session's log straight from a SQLite file, as `(seq, body)` in order;
/// binds the session id. A session's events are the positions
/// `(key << 32) | seq` of its key's range (migration 0003).
pub const SQLITE_SESSION_LOG: &str = "SELECT e.position & 4294967295, e.body \
     FROM sessions AS s JOIN events AS e \
       ON e.position > s.key << 32 AND e.position < (s.key + 1) << 32 \
     WHERE s.id = ?1 ORDER BY e.position";

/// Writes an event into a SQLite file behind the server's back; binds the session
/// id, the seq and the body.
pub const SQLITE_INSERT_EVENT: &str = "INSERT INTO events (position, body, created_at) \
     SELECT (key << 32) | ?2, ?3, 0 FROM sessions WHERE id = ?1";

/// Which database engine a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Admin URL of the PostgreSQL server used by tests; `SUMMIT_TEST_POSTGRES_URL`
/// overrides the local default. Tests never skip when it is unreachable: they fail.
pub fn postgres_admin_url() -> String {
    std::env::var("SUMMIT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

static TEST_DATABASE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// A fresh PostgreSQL database for this test process (created once, shared by its
/// tests: they never depend on each other's sessions). Named `summit_test_*` so the
/// test script can drop leftovers.
pub async fn postgres_test_database() -> String {
    TEST_DATABASE
        .get_or_init(|| async {
            use sqlx::Connection;
            let admin = postgres_admin_url();
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is required for these tests and is not reachable at {admin}: {e}. Set SUMMIT_TEST_POSTGRES_URL or run scripts/test.sh, which starts one.")
            });
            let name = format!("summit_test_{}_{}", std::process::id(), rand::random::<u32>());
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base).to_owned();
            format!("{base}/{name}")
        })
        .await
        .clone()
}

pub struct TestApp {
    pub backend: Backend,
    pub database_url: String,
    tweak: fn(&mut Config),
    pub server: Option<Running>,
    pub base: String,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts a server on port 0 with a fresh SQLite file.
    pub async fn start() -> TestApp {
        TestApp::start_on(Backend::Sqlite).await
    }

    /// Starts a server on port 0 on a fresh SQLite file or the test PostgreSQL database.
    pub async fn start_on(backend: Backend) -> TestApp {
        TestApp::start_configured(backend, |_| {}).await
    }

    /// Like [`TestApp::start_on`], with configuration changes (e.g. rate limits).
    pub async fn start_configured(backend: Backend, tweak: fn(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("summit.db").display()),
            Backend::Postgres => postgres_test_database().await,
        };
        let mut app = TestApp {
            backend,
            database_url,
            tweak,
            server: None,
            base: String::new(),
            client: reqwest::Client::new(),
            dir,
        };
        app.boot().await;
        app
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("summit.db")
    }

    /// The front-end folder the server serves: missing unless a test writes it (and
    /// restarts the server, which reads `index.html` for its CSP at start).
    pub fn assets_dir(&self) -> PathBuf {
        self.dir.path().join("assets")
    }

    /// Starts the server again on the same database (after [`TestApp::stop`]).
    pub async fn boot(&mut self) {
        let mut config = Config {
            addr: "127.0.0.1:0".into(),
            database_url: self.database_url.clone(),
            assets: self.assets_dir(),
            ..Config::defaults()
        };
        (self.tweak)(&mut config);
        let running = start(&config, std::future::pending())
            .await
            .expect("server starts");
        self.base = format!("http://{}", running.addr);
        self.server = Some(running);
    }

    /// Stops the server gracefully; the database stays.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.expect("clean stop");
        }
    }

    /// Stops the server gracefully and starts a new one on the same database.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.boot().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn create_session(&self, title: &str, settings: Settings) -> SessionCreated {
        let setup = SessionSetup {
            title: title.into(),
            departments: vec!["Marketing".into(), "Customer Service".into()],
            settings,
            carry_from: None,
        };
        let res = self
            .client
            .post(self.url(paths::sessions()))
            .json(&setup)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.expect("json")
    }

    pub async fn join(&self, session: &SessionId, name: &str, department: u32) -> Joined {
        let res = self
            .client
            .post(self.url(&paths::participants(session)))
            .json(&JoinRequest {
                name: name.into(),
                department: DepartmentId(department),
            })
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), StatusCode::CREATED, "join {name}");
        res.json().await.expect("json")
    }

    /// A session in Plan: Ann (department 1) wrote problem 1, which is picked; Bob
    /// (department 2) wrote idea 1 for it. Answers with the session, the
    /// facilitator's token, Ann and Bob.
    pub async fn planned(&self, settings: Settings) -> (SessionId, String, Joined, Joined) {
        let created = self.create_session("Q4", settings).await;
        let (sid, fac) = (created.session_id, created.facilitator_token);
        let ann = self.join(&sid, "Ann", 1).await;
        let bob = self.join(&sid, "Bob", 2).await;
        let phase = |phase| Command::SetPhase { phase };
        self.command(&sid, &fac, phase(Phase::Problems)).await;
        let text = "Promos surprise support".to_owned();
        self.command(&sid, &ann.token, Command::SubmitProblem { text })
            .await;
        self.command(&sid, &fac, phase(Phase::Pick)).await;
        let pick = Command::ConfirmPick {
            problem: ProblemId(1),
            picked: true,
        };
        self.command(&sid, &fac, pick).await;
        self.command(&sid, &fac, phase(Phase::Ideas)).await;
        let idea = Command::SubmitIdea {
            problem: ProblemId(1),
            text: "A shared promo calendar".into(),
        };
        self.command(&sid, &bob.token, idea).await;
        self.command(&sid, &fac, phase(Phase::Vote)).await;
        self.command(&sid, &fac, phase(Phase::Plan)).await;
        (sid, fac, ann, bob)
    }

    /// Sends a command; answers with the status and the raw JSON body.
    pub async fn command_raw(
        &self,
        session: &SessionId,
        token: &str,
        command: Command,
        key: Option<&str>,
    ) -> (StatusCode, Value) {
        let res = self
            .client
            .post(self.url(&paths::commands(session)))
            .bearer_auth(token)
            .json(&CommandRequest {
                command,
                idempotency_key: key.map(str::to_owned),
            })
            .send()
            .await
            .expect("send");
        let status = res.status();
        (status, res.json().await.expect("json body"))
    }

    /// Sends a command that must succeed.
    pub async fn command(
        &self,
        session: &SessionId,
        token: &str,
        command: Command,
    ) -> CommandAccepted {
        let (status, body) = self
            .command_raw(session, token, command.clone(), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{command:?} → {body}");
        serde_json::from_value(body).expect("CommandAccepted")
    }

    /// Sends a command that must be refused with `status` and error `code`.
    pub async fn refused(
        &self,
        session: &SessionId,
        token: &str,
        command: Command,
        status: u16,
        code: &str,
    ) -> ErrorBody {
        let (got, body) = self
            .command_raw(session, token, command.clone(), None)
            .await;
        assert_eq!(got.as_u16(), status, "{command:?} → {body}");
        let err: ErrorBody = serde_json::from_value(body).expect("typed error body");
        assert_eq!(err.error.code.as_str(), code, "{command:?}");
        assert!(!err.error.message.is_empty());
        err
    }

    pub async fn snapshot(&self, session: &SessionId, token: &str) -> Snapshot {
        self.get_json(&paths::session(session), Some(token)).await
    }

    pub async fn get_json<T: DeserializeOwned>(&self, path: &str, token: Option<&str>) -> T {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("send");
        assert!(res.status().is_success(), "GET {path} → {}", res.status());
        res.json().await.expect("json")
    }

    pub async fn ticket(&self, session: &SessionId, token: &str) -> String {
        let res = self
            .client
            .post(self.url(&paths::tickets(session)))
            .bearer_auth(token)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Ticket>().await.expect("ticket").ticket
    }

    /// Opens the live stream. `last_event_id` is sent as the `Last-Event-ID` header.
    pub async fn stream(
        &self,
        session: &SessionId,
        token: &str,
        last_event_id: Option<&str>,
    ) -> Sse {
        let ticket = self.ticket(session, token).await;
        let mut req = self
            .client
            .get(self.url(&format!("{}?ticket={ticket}", paths::events(session))));
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        Sse::from_response(req.send().await.expect("send"))
    }
}

/// A live stream's messages, read with `eventsource-stream` (the server-sent events
/// format, comments and all, as a browser reads it).
pub struct Sse {
    messages: std::pin::Pin<
        Box<
            dyn futures_util::Stream<
                    Item = Result<
                        eventsource_stream::Event,
                        eventsource_stream::EventStreamError<reqwest::Error>,
                    >,
                > + Send,
        >,
    >,
}

/// One SSE message.
#[derive(Debug, Clone)]
pub struct Message {
    pub event: String,
    /// The stream's last event id as of this message (the format carries it over
    /// messages that set none).
    pub id: Option<String>,
    pub data: String,
}

impl Sse {
    /// Every participant id ([`identities`]) the live events up to `seq` tie to a
    /// card, as the stream sends them.
    pub async fn identities_until(&mut self, seq: u64) -> Vec<u64> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < seq {
            let msg = self
                .next_message(Duration::from_secs(5))
                .await
                .expect("the stream goes on");
            if msg.event != summit_shared::api::SSE_EVENT {
                continue;
            }
            let json: Value = serde_json::from_str(&msg.data).expect("json");
            at = json["seq"].as_u64().unwrap_or(0);
            identities(&json, &mut found);
        }
        found
    }

    /// Wraps an open `text/event-stream` response.
    pub fn from_response(res: reqwest::Response) -> Sse {
        use eventsource_stream::Eventsource;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Sse {
            messages: Box::pin(res.bytes_stream().eventsource()),
        }
    }

    /// The next message (keep-alive comments are not messages), or `None` after
    /// `timeout` or at the end of the stream.
    pub async fn next_message(&mut self, timeout: Duration) -> Option<Message> {
        let event = tokio::time::timeout(timeout, self.messages.next())
            .await
            .ok()??
            .ok()?;
        Some(Message {
            event: event.event,
            id: (!event.id.is_empty()).then_some(event.id),
            data: event.data,
        })
    }

    /// The next `summit` event, decoded.
    pub async fn next_event(&mut self, timeout: Duration) -> Option<SeqEvent> {
        loop {
            let msg = self.next_message(timeout).await?;
            if msg.event == summit_shared::api::SSE_EVENT {
                let event: SeqEvent = serde_json::from_str(&msg.data).expect("SeqEvent json");
                assert_eq!(msg.id.as_deref(), Some(event.seq.to_string().as_str()));
                return Some(event);
            }
        }
    }

    /// Collects events until `seq` is reached (inclusive).
    pub async fn until(&mut self, seq: u64) -> Vec<SeqEvent> {
        let mut got = Vec::new();
        while got.last().map_or(0, |e: &SeqEvent| e.seq) < seq {
            match self.next_event(Duration::from_secs(5)).await {
                Some(e) => got.push(e),
                None => panic!(
                    "stream stalled before seq {seq}; got {:?}",
                    got.iter().map(|e| e.seq).collect::<Vec<_>>()
                ),
            }
        }
        got
    }
}

/// Every participant id the JSON ties to a card: authors (of cards and comments),
/// supporters, suggesters, reactors. In an anonymous session a viewer may find only
/// their own id here.
pub fn identities(json: &Value, found: &mut Vec<u64>) {
    match json {
        Value::Object(map) => {
            for key in ["author", "by"] {
                found.extend(map.get(key).and_then(Value::as_u64));
            }
            if let Some(Value::Array(ids)) = map.get("support").or(map.get("by")) {
                found.extend(ids.iter().filter_map(Value::as_u64));
            }
            let typed = map.get("type").and_then(Value::as_str);
            if matches!(typed, Some("reaction_changed" | "pick_support_changed")) {
                found.extend(map.get("participant").and_then(Value::as_u64));
            }
            map.values().for_each(|v| identities(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| identities(v, found)),
        _ => {}
    }
}

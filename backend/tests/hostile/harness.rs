//! The catalogue's vocabulary: a request, what it must get, and how it is sent; the
//! harness that sends each one against a real server and checks that a refusal is
//! typed and changes nothing, and that an accepted input is stored as documented.

use crate::common::TestApp;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Value};
use sqlx::Connection;
use std::time::Duration;
use summit_shared::api::{paths, ErrorBody};
use summit_shared::{SessionId, Settings};

// What every catalogue file speaks of.
pub(crate) use reqwest::Method;
pub(crate) use summit_shared::limits::{
    DEPARTMENT_NAME_MAX, JOIN_CODE_ALPHABET, NAME_MAX, OWNER_MAX, TEXT_MAX, TIMER_MAX_SECONDS,
    TITLE_MAX,
};

pub(crate) const MARKETING: u32 = 1;
pub(crate) const SERVICE: u32 = 2;
/// Unknown-code lookups allowed per client address before `429` (see `Limits`).
pub(crate) const JOIN_CODE_MISS_BURST: usize = 20;
/// The command limiter refills 20 tokens a second per participant; stay under it.
pub(crate) const COMMAND_PACE: Duration = Duration::from_millis(55);

/// `n` characters of 4 bytes each: limits count characters, never bytes.
pub(crate) fn four_byte(n: usize) -> String {
    assert_eq!('😀'.len_utf8(), 4);
    "😀".repeat(n)
}

/// Another 4-byte character (musical G clef), so two texts at a limit differ.
pub(crate) fn music(n: usize) -> String {
    assert_eq!('𝄞'.len_utf8(), 4);
    "𝄞".repeat(n)
}

#[derive(Clone)]
pub(crate) enum Body {
    Empty,
    /// Serialized and sent as `application/json`.
    Json(Value),
    /// Bytes as they are, with this content type (or none).
    Raw {
        content_type: Option<&'static str>,
        bytes: Vec<u8>,
    },
    /// `application/json` sent chunked, without a `Content-Length`.
    Chunked(Vec<u8>),
}

#[derive(Clone)]
pub(crate) struct Case {
    pub name: String,
    pub method: Method,
    pub path: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Body,
    pub status: u16,
    pub code: &'static str,
    /// Substrings the error message must contain (e.g. the character counts).
    pub mentions: Vec<String>,
}

impl Case {
    pub(crate) fn new(name: impl Into<String>, method: Method, path: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            method,
            path: path.into(),
            headers: Vec::new(),
            body: Body::Empty,
            status: 0,
            code: "",
            mentions: Vec::new(),
        }
    }

    pub(crate) fn get(name: impl Into<String>, path: impl Into<String>) -> Case {
        Case::new(name, Method::GET, path)
    }

    pub(crate) fn post(name: impl Into<String>, path: impl Into<String>) -> Case {
        Case::new(name, Method::POST, path)
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl AsRef<[u8]>) -> Case {
        let value = HeaderValue::from_bytes(value.as_ref()).expect("header value");
        self.headers.push((HeaderName::from_static(name), value));
        self
    }

    pub(crate) fn bearer(self, token: &str) -> Case {
        self.header("authorization", format!("Bearer {token}"))
    }

    pub(crate) fn json(mut self, body: Value) -> Case {
        self.body = Body::Json(body);
        self
    }

    pub(crate) fn raw(
        mut self,
        content_type: Option<&'static str>,
        bytes: impl Into<Vec<u8>>,
    ) -> Case {
        self.body = Body::Raw {
            content_type,
            bytes: bytes.into(),
        };
        self
    }

    pub(crate) fn chunked(mut self, bytes: impl Into<Vec<u8>>) -> Case {
        self.body = Body::Chunked(bytes.into());
        self
    }

    pub(crate) fn expect(mut self, status: u16, code: &'static str) -> Case {
        self.status = status;
        self.code = code;
        self
    }

    pub(crate) fn mentions(mut self, text: impl Into<String>) -> Case {
        self.mentions.push(text.into());
        self
    }

    /// A path short enough for a failure message.
    pub(crate) fn short_path(&self) -> String {
        let mut p: String = self.path.chars().take(90).collect();
        if p.len() < self.path.len() {
            p.push('…');
        }
        p
    }
}

/// Where an accepted input ends up, to read it back from the facilitator's snapshot.
pub(crate) enum Stored {
    ProblemText,
    IdeaText,
    ParticipantName,
    ActionTitle,
    ActionOwner,
    Department(u32),
    /// A new session: its title, or the name of its department at this index.
    NewSessionTitle,
    NewSessionDepartment(usize),
    Timer,
    /// Valid, but must change nothing in the main session.
    Nothing,
}

/// An input that is hostile-looking but valid: accepted, and stored as `expect`.
pub(crate) struct Accepted {
    pub case: Case,
    pub stored: Stored,
    pub expect: String,
}

impl Accepted {
    pub(crate) fn new(
        case: Case,
        status: u16,
        stored: Stored,
        expect: impl Into<String>,
    ) -> Accepted {
        Accepted {
            case: case.expect(status, ""),
            stored,
            expect: expect.into(),
        }
    }
}

/// Ids and credentials of the two sessions the catalogue runs against.
pub(crate) struct Ctx {
    pub sid: String,
    pub code: String,
    pub fac: String,
    pub ann: String,
    pub bob: String,
    pub other_sid: String,
    pub other_code: String,
    pub other_fac: String,
    pub olga: String,
}

impl Ctx {
    /// The main session's id.
    pub(crate) fn id(&self) -> SessionId {
        SessionId(self.sid.clone())
    }

    pub(crate) fn session(&self) -> String {
        paths::session(&self.id())
    }
    pub(crate) fn commands(&self) -> String {
        paths::commands(&self.id())
    }
    pub(crate) fn participants(&self) -> String {
        paths::participants(&self.id())
    }
    pub(crate) fn tickets(&self) -> String {
        paths::tickets(&self.id())
    }
    pub(crate) fn events(&self) -> String {
        paths::events(&self.id())
    }
    pub(crate) fn export(&self, file: &str) -> String {
        format!("{}/export/{file}", paths::session(&self.id()))
    }
    pub(crate) fn other_commands(&self) -> String {
        paths::commands(&SessionId(self.other_sid.clone()))
    }

    /// `POST …/commands` with `{"command": command}` as `token`.
    pub(crate) fn cmd(&self, name: impl Into<String>, token: &str, command: Value) -> Case {
        Case::post(name, self.commands())
            .bearer(token)
            .json(json!({ "command": command }))
    }

    /// A session id that is well formed but names no session.
    pub(crate) fn unknown_sid(&self) -> String {
        let mut id: String = "A".repeat(22);
        if id == self.sid || id == self.other_sid {
            id = "B".repeat(22);
        }
        id
    }

    /// A join code from the right alphabet that belongs to neither session.
    pub(crate) fn unknown_code(&self) -> String {
        let alphabet = JOIN_CODE_ALPHABET;
        (0..alphabet.len())
            .map(|i| String::from(char::from(alphabet[i])).repeat(6))
            .find(|c| *c != self.code && *c != self.other_code)
            .expect("a free code")
    }
}

/// Everything observable about the sessions: compared before and after each refusal.
#[derive(Debug, PartialEq)]
pub(crate) struct Probe {
    pub main_seq: u64,
    pub main_state: Value,
    pub other_seq: u64,
    pub other_state: Value,
    /// Rows in sessions, events, participants, and idempotency records.
    pub rows: Option<(i64, i64, i64, i64)>,
}

pub(crate) struct Harness {
    pub app: TestApp,
    /// How far the main session has come (see `fixture`), and the ids it made.
    pub stage: crate::fixture::Stage,
    pub ids: crate::fixture::Ids,
    pub cx: Ctx,
    pub db: Option<sqlx::SqliteConnection>,
    /// Every status the server answered in this run, with the request that got it.
    pub statuses: Vec<(String, u16)>,
    pub failures: Vec<String>,
    pub refused: usize,
    pub accepted: usize,
}

pub(crate) struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Harness {
    pub(crate) async fn new() -> Harness {
        let app = TestApp::start().await;
        let main = app
            .create_session("Hostile inputs", Settings::default())
            .await;
        let ann = app.join(&main.session_id, "Ann", MARKETING).await;
        let bob = app.join(&main.session_id, "Bob", SERVICE).await;
        let other = app.create_session("Other", Settings::default()).await;
        let olga = app.join(&other.session_id, "Olga", MARKETING).await;
        let db = if app.db_path().exists() {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(app.db_path())
                .read_only(true);
            Some(
                sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("read-only view of the test database"),
            )
        } else {
            None
        };
        Harness {
            stage: crate::fixture::Stage::Created,
            ids: crate::fixture::Ids::default(),
            cx: Ctx {
                sid: main.session_id.0.clone(),
                code: main.join_code.clone(),
                fac: main.facilitator_token.clone(),
                ann: ann.token,
                bob: bob.token,
                other_sid: other.session_id.0.clone(),
                other_code: other.join_code.clone(),
                other_fac: other.facilitator_token.clone(),
                olga: olga.token,
            },
            app,
            db,
            statuses: Vec::new(),
            failures: Vec::new(),
            refused: 0,
            accepted: 0,
        }
    }

    pub(crate) async fn send(&mut self, case: &Case) -> Response {
        self.send_paced(case, true).await
    }

    pub(crate) async fn send_paced(&mut self, case: &Case, pace: bool) -> Response {
        if pace && case.method == Method::POST && case.path.ends_with("/commands") {
            tokio::time::sleep(COMMAND_PACE).await;
        }
        let mut req = self
            .app
            .client
            .request(case.method.clone(), self.app.url(&case.path));
        for (name, value) in &case.headers {
            req = req.header(name.clone(), value.clone());
        }
        req = match &case.body {
            Body::Empty => req,
            Body::Json(v) => req
                .header("content-type", "application/json")
                .body(serde_json::to_vec(v).expect("json")),
            Body::Raw {
                content_type,
                bytes,
            } => {
                let req = match content_type {
                    Some(ct) => req.header("content-type", *ct),
                    None => req,
                };
                req.body(bytes.clone())
            }
            Body::Chunked(bytes) => {
                let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = bytes
                    .chunks(16 * 1024)
                    .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
                    .collect();
                req.header("content-type", "application/json")
                    .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
                        chunks,
                    )))
            }
        };
        let label = format!("{} {} [{}]", case.method, case.short_path(), case.name);
        let res = match req.send().await {
            Ok(res) => res,
            Err(e) => {
                // Status 0: the case fails with the transport error as its body.
                self.statuses.push((label, 0));
                return Response {
                    status: 0,
                    headers: HeaderMap::new(),
                    body: format!("no answer: {e:?}").into_bytes(),
                };
            }
        };
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        self.statuses.push((label, status));
        Response {
            status,
            headers,
            body,
        }
    }

    pub(crate) async fn snapshot(&mut self, sid: &str, token: &str) -> Value {
        let res = self
            .app
            .client
            .get(self.app.url(&paths::session(&SessionId(sid.to_owned()))))
            .bearer_auth(token)
            .send()
            .await
            .expect("snapshot");
        let status = res.status().as_u16();
        self.statuses
            .push((format!("GET /api/sessions/{sid}"), status));
        assert_eq!(status, 200, "snapshot of {sid}");
        res.json().await.expect("snapshot json")
    }

    pub(crate) async fn main_state(&mut self) -> Value {
        let (sid, fac) = (self.cx.sid.clone(), self.cx.fac.clone());
        self.snapshot(&sid, &fac).await["state"].clone()
    }

    pub(crate) async fn probe(&mut self) -> Probe {
        let (sid, fac) = (self.cx.sid.clone(), self.cx.fac.clone());
        let (osid, ofac) = (self.cx.other_sid.clone(), self.cx.other_fac.clone());
        let main = self.snapshot(&sid, &fac).await;
        let other = self.snapshot(&osid, &ofac).await;
        let rows = match &mut self.db {
            Some(db) => Some(
                sqlx::query_as::<_, (i64, i64, i64, i64)>(
                    "SELECT (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM events), \
                     (SELECT COUNT(*) FROM participants), \
                     (SELECT COUNT(*) FROM events WHERE command_last_seq IS NOT NULL)",
                )
                .fetch_one(&mut *db)
                .await
                .expect("count rows"),
            ),
            None => None,
        };
        Probe {
            main_seq: main["seq"].as_u64().expect("seq"),
            main_state: main["state"].clone(),
            other_seq: other["seq"].as_u64().expect("seq"),
            other_state: other["state"].clone(),
            rows,
        }
    }

    /// Sends a refused input: right status, typed body, nothing changed.
    pub(crate) async fn refuse(&mut self, case: Case) {
        assert!(
            (400..500).contains(&case.status),
            "{}: a catalogue case expects a 4xx",
            case.name
        );
        let before = self.probe().await;
        let res = self.send(&case).await;
        let after = self.probe().await;
        self.refused += 1;

        let mut wrong = Vec::new();
        if res.status != case.status {
            wrong.push(format!("status {} (expected {})", res.status, case.status));
        }
        let json_type = res
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"));
        if !json_type {
            wrong.push(format!(
                "content-type {:?}",
                res.headers.get("content-type")
            ));
        }
        match serde_json::from_slice::<ErrorBody>(&res.body) {
            Ok(err) => {
                if err.error.code.as_str() != case.code {
                    wrong.push(format!(
                        "code `{}` (expected `{}`)",
                        err.error.code, case.code
                    ));
                }
                if err.error.message.trim().is_empty() {
                    wrong.push("empty message".into());
                }
                for m in &case.mentions {
                    if !err.error.message.contains(m.as_str()) {
                        wrong.push(format!("message {:?} lacks {m:?}", err.error.message));
                    }
                }
            }
            Err(_) => wrong.push(format!(
                "untyped body {:?}",
                String::from_utf8_lossy(&res.body[..res.body.len().min(160)])
            )),
        }
        if res.status == 429 && !res.headers.contains_key("retry-after") {
            wrong.push("429 without Retry-After".into());
        }
        if before != after {
            wrong.push(format!(
                "state changed: main seq {}→{}, other seq {}→{}, rows {:?}→{:?}, main state equal: {}",
                before.main_seq,
                after.main_seq,
                before.other_seq,
                after.other_seq,
                before.rows,
                after.rows,
                before.main_state == after.main_state
            ));
        }
        self.verdict(&case, res.status, wrong);
    }

    /// Sends a valid but hostile-looking input: accepted and stored as documented.
    pub(crate) async fn accept(&mut self, accepted: Accepted) -> Value {
        let Accepted {
            case,
            stored,
            expect,
        } = accepted;
        let before = self.probe().await;
        let res = self.send(&case).await;
        self.accepted += 1;
        let mut wrong = Vec::new();
        if res.status != case.status {
            wrong.push(format!(
                "status {} (expected {}): {}",
                res.status,
                case.status,
                String::from_utf8_lossy(&res.body[..res.body.len().min(200)])
            ));
            self.verdict(&case, res.status, wrong);
            return Value::Null;
        }
        let body: Value = serde_json::from_slice(&res.body).unwrap_or(Value::Null);
        let event = |kind: &str| -> Value {
            body["events"]
                .as_array()
                .and_then(|events| events.iter().find(|e| e["event"]["type"] == kind))
                .map(|e| e["event"].clone())
                .unwrap_or(Value::Null)
        };
        let got: Option<String> = match stored {
            Stored::ProblemText => {
                let id = event("problem_submitted")["problem"]["id"].to_string();
                let state = self.main_state().await;
                state["problems"][&id]["text"].as_str().map(str::to_owned)
            }
            Stored::IdeaText => {
                let id = event("idea_submitted")["idea"]["id"].to_string();
                let state = self.main_state().await;
                state["ideas"][&id]["text"].as_str().map(str::to_owned)
            }
            Stored::ActionTitle | Stored::ActionOwner => {
                let field = if matches!(stored, Stored::ActionTitle) {
                    "title"
                } else {
                    "owner"
                };
                let id = event("action_created")["action"]["id"].to_string();
                let state = self.main_state().await;
                state["actions"][&id][field].as_str().map(str::to_owned)
            }
            Stored::ParticipantName => {
                let id = body["participant_id"].to_string();
                let state = self.main_state().await;
                state["participants"][&id]["name"]
                    .as_str()
                    .map(str::to_owned)
            }
            Stored::Department(id) => {
                let state = self.main_state().await;
                state["departments"]
                    .as_array()
                    .and_then(|ds| ds.iter().find(|d| d["id"] == id))
                    .and_then(|d| d["name"].as_str())
                    .map(str::to_owned)
            }
            Stored::NewSessionTitle | Stored::NewSessionDepartment(_) => {
                let sid = body["session_id"].as_str().unwrap_or("").to_owned();
                let token = body["facilitator_token"].as_str().unwrap_or("").to_owned();
                let snap = self.snapshot(&sid, &token).await;
                match stored {
                    Stored::NewSessionDepartment(i) => snap["state"]["departments"][i]["name"]
                        .as_str()
                        .map(str::to_owned),
                    _ => snap["state"]["title"].as_str().map(str::to_owned),
                }
            }
            Stored::Timer => {
                let state = self.main_state().await;
                Some(state["timer"]["seconds"].to_string())
            }
            Stored::Nothing => {
                let after = self.probe().await;
                let same =
                    after.main_seq == before.main_seq && after.main_state == before.main_state;
                Some(if same { "unchanged" } else { "changed" }.to_owned())
            }
        };
        if got.as_deref() != Some(expect.as_str()) {
            wrong.push(format!("stored {got:?}, expected {expect:?}"));
        }
        self.verdict(&case, res.status, wrong);
        body
    }

    pub(crate) fn verdict(&mut self, case: &Case, status: u16, wrong: Vec<String>) {
        let line = format!(
            "{:4} {} {} [{}] → {status} {}",
            if wrong.is_empty() { "ok" } else { "FAIL" },
            case.method,
            case.short_path(),
            case.name,
            case.code
        );
        println!("{line}");
        if !wrong.is_empty() {
            self.failures
                .push(format!("{line}\n        {}", wrong.join("\n        ")));
        }
    }

    pub(crate) async fn refuse_all(&mut self, cases: Vec<Case>) {
        for case in cases {
            self.refuse(case).await;
        }
    }

    pub(crate) async fn accept_all(&mut self, cases: Vec<Accepted>) -> Vec<Value> {
        let mut bodies = Vec::new();
        for case in cases {
            bodies.push(self.accept(case).await);
        }
        bodies
    }

    /// A setup command that must succeed (not part of the catalogue).
    pub(crate) async fn setup(&mut self, token: &str, command: Value) -> Value {
        let case = self.cx.cmd("setup", token, command.clone());
        let res = self.send(&case).await;
        assert_eq!(
            res.status,
            200,
            "setup {command} → {}",
            String::from_utf8_lossy(&res.body)
        );
        serde_json::from_slice(&res.body).expect("accepted json")
    }

    pub(crate) async fn phase(&mut self, phase: &str) {
        let fac = self.cx.fac.clone();
        self.setup(&fac, json!({"type": "set_phase", "phase": phase}))
            .await;
    }

    pub(crate) async fn ticket(&mut self, sid: &str, token: &str) -> String {
        let case = Case::post("ticket", paths::tickets(&SessionId(sid.to_owned()))).bearer(token);
        let res = self.send(&case).await;
        assert_eq!(res.status, 200, "ticket");
        let body: Value = serde_json::from_slice(&res.body).expect("ticket json");
        body["ticket"].as_str().expect("ticket").to_owned()
    }

    pub(crate) async fn download(&mut self, file: &str) -> String {
        let case = Case::get(file, self.cx.export(file)).bearer(&self.cx.fac);
        let res = self.send(&case).await;
        assert_eq!(res.status, 200, "export {file}");
        String::from_utf8(res.body).expect("utf-8 export")
    }
}

pub(crate) fn id_of(body: &Value, kind: &str, field: &str) -> u64 {
    body["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["event"]["type"] == kind))
        .and_then(|e| e["event"][field]["id"].as_u64())
        .unwrap_or_else(|| panic!("no {kind} in {body}"))
}

/// RFC 4180 rows (the export's cells may hold quotes, commas and line breaks).
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            _ => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Bodies that are not the JSON the endpoint wants, for any JSON endpoint. `valid`
/// is a body the endpoint would accept: wrapped in each defect, it must not be.
pub(crate) fn malformed_bodies(
    name: &str,
    path: &str,
    token: Option<&str>,
    valid: &Value,
) -> Vec<Case> {
    let base = |what: &str| {
        let case = Case::post(format!("{name}: {what}"), path);
        match token {
            Some(t) => case.bearer(t),
            None => case,
        }
    };
    let json = Some("application/json");
    let valid = serde_json::to_vec(valid).expect("json");
    let with = |prefix: &[u8], suffix: &[u8]| [prefix, &valid, suffix].concat();
    let nested = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    let mut ten_mb =
        br#"{"title":"t","name":"n","command":{"type":"submit_problem","text":""#.to_vec();
    ten_mb.resize(10 * 1024 * 1024, b'a');
    ten_mb.extend_from_slice(br#""}}"#);
    vec![
        base("truncated JSON")
            .raw(json, valid[..valid.len() - 1].to_vec())
            .expect(400, "invalid_json"),
        base("empty body")
            .raw(json, Vec::new())
            .expect(400, "invalid_json"),
        base("JSON null").raw(json, "null").expect(400, "invalid_body"),
        base("JSON array").raw(json, "[]").expect(400, "invalid_body"),
        base("30000-deep nesting")
            .raw(json, nested)
            .expect(400, "invalid_body"),
        base("lone surrogate escape")
            .raw(
                json,
                r#"{"title":"\ud800","name":"\ud800","command":{"type":"submit_problem","text":"\ud800"}}"#,
            )
            .expect(400, "invalid_json"),
        base("invalid UTF-8 bytes")
            .raw(
                json,
                [
                    &b"{\"title\":\"\xff\xfe\",\"name\":\"\xc3\x28\","[..],
                    &b"\"command\":{\"type\":\"submit_problem\",\"text\":\"\xff\"}}"[..],
                ]
                .concat(),
            )
            .expect(400, "invalid_json"),
        base("byte order mark before valid JSON")
            .raw(json, with(b"\xef\xbb\xbf", b""))
            .expect(400, "invalid_json"),
        base("garbage after valid JSON")
            .raw(json, with(b"", b" DROP TABLE events"))
            .expect(400, "invalid_json"),
        base("two JSON documents")
            .raw(json, with(b"", &valid))
            .expect(400, "invalid_json"),
        base("NaN literal")
            .raw(json, r#"{"x": NaN}"#)
            .expect(400, "invalid_json"),
        base("valid JSON as text/plain")
            .raw(Some("text/plain"), valid.clone())
            .expect(415, "unsupported_media_type"),
        base("valid JSON without a content type")
            .raw(None, valid.clone())
            .expect(415, "unsupported_media_type"),
        base("valid JSON with a garbled content type")
            .raw(Some("application/json, text/html"), valid.clone())
            .expect(415, "unsupported_media_type"),
        base("form encoded")
            .raw(
                Some("application/x-www-form-urlencoded"),
                "name=x&department=1&command=clear_timer",
            )
            .expect(415, "unsupported_media_type"),
        base("multipart")
            .raw(Some("multipart/form-data; boundary=x"), "--x--")
            .expect(415, "unsupported_media_type"),
        base("gzip body is not inflated")
            .header("content-encoding", "gzip")
            .raw(json, &b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00"[..])
            .expect(400, "invalid_json"),
        base("10 MB body")
            .raw(json, ten_mb.clone())
            .expect(413, "body_too_large"),
        base("10 MB body, chunked")
            .chunked(ten_mb)
            .expect(413, "body_too_large"),
        base("valid JSON from another site")
            .header("origin", "https://evil.example")
            .raw(json, valid.clone())
            .expect(403, "cross_origin"),
        base("valid JSON, Sec-Fetch-Site same-site")
            .header("sec-fetch-site", "same-site")
            .raw(json, valid.clone())
            .expect(403, "cross_origin"),
    ]
}

impl Harness {
    /// The verdict of a test: every case as expected, and no request in it answered
    /// with a 5xx. Lists every failing case by name.
    pub(crate) fn finish(self) {
        let server_errors: Vec<&(String, u16)> =
            self.statuses.iter().filter(|(_, s)| *s >= 500).collect();
        println!(
            "\n{} refused + {} accepted cases; {} requests in all, {} answered 5xx",
            self.refused,
            self.accepted,
            self.statuses.len(),
            server_errors.len()
        );
        assert!(server_errors.is_empty(), "5xx answers: {server_errors:#?}");
        assert!(
            self.failures.is_empty(),
            "{} of {} cases went wrong:\n{}",
            self.failures.len(),
            self.refused + self.accepted,
            self.failures.join("\n")
        );
    }
}

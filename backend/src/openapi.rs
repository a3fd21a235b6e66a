//! The OpenAPI 3.1 description of the HTTP API, served at `GET /api/openapi.json`.
//!
//! Generated from code, never written by hand: [`OPERATIONS`] lists every endpoint
//! that [`crate::routes::api`] registers (a test checks the two agree), and the JSON
//! Schemas of the bodies are derived from the shared contract types with `schemars`
//! (the `openapi` feature of `summit-shared`), so a change to a request or response
//! type changes the document with it. OpenAPI 3.1 uses JSON Schema 2020-12, which is
//! what schemars emits, so the schemas go in as they are.

use axum::http::header;
use axum::response::IntoResponse;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::sync::LazyLock;
use summit_shared::api::{
    CommandAccepted, CommandRequest, ErrorBody, ExportFile, JoinRequest, Joined, SessionCreated,
    SessionPreview, Snapshot, Ticket, SSE_BYE, SSE_EVENT,
};
use summit_shared::{SeqEvent, SessionSetup};

/// Where the document is served.
pub const PATH: &str = "/api/openapi.json";

/// Builds the schema of a body type, registering the types it refers to.
type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// How a caller proves who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Anyone may call it.
    None,
    /// `Authorization: Bearer <token>` (facilitator or participant of the session).
    Bearer,
    /// The bearer token, or a short-lived `?ticket=` for URLs that cannot carry headers.
    BearerOrTicket,
}

/// What a successful call answers with.
#[derive(Clone, Copy)]
pub enum Success {
    /// A JSON body of the given type, with this status.
    Json(u16, SchemaFn),
    /// `text/plain`.
    Text,
    /// The live stream: `text/event-stream` of [`SeqEvent`]s.
    EventStream,
    /// A download in one of the [`ExportFile`] formats.
    Export,
    /// This document.
    OpenApi,
}

/// One endpoint of the API.
#[derive(Clone, Copy)]
pub struct Operation {
    /// Lower-case HTTP method, as OpenAPI spells it.
    pub method: &'static str,
    /// Path with `{param}` placeholders, exactly as registered with axum.
    pub path: &'static str,
    pub operation_id: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub auth: Auth,
    /// JSON request body, if the endpoint takes one.
    pub request: Option<SchemaFn>,
    pub success: Success,
    /// Every 4xx/5xx status the endpoint can answer with (all with [`ErrorBody`]).
    pub errors: &'static [u16],
}

/// Every endpoint of the API. [`crate::routes::api`] registers exactly these.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "get",
        path: "/api/health",
        operation_id: "health",
        tag: "server",
        summary: "Liveness probe",
        description: "Answers `ok` while the server is up.",
        auth: Auth::None,
        request: None,
        success: Success::Text,
        errors: &[],
    },
    Operation {
        method: "get",
        path: PATH,
        operation_id: "openapi",
        tag: "server",
        summary: "This OpenAPI document",
        description: "The API description, generated from the server's code.",
        auth: Auth::None,
        request: None,
        success: Success::OpenApi,
        errors: &[],
    },
    Operation {
        method: "post",
        path: "/api/sessions",
        operation_id: "createSession",
        tag: "sessions",
        summary: "Create a session",
        description: "Creates a session in the Lobby phase. The answer holds the session id, \
            the join code for participants and the facilitator's secret token. New sessions \
            per client address are rate limited (429).",
        auth: Auth::None,
        request: Some(schema::<SessionSetup>),
        success: Success::Json(201, schema::<SessionCreated>),
        errors: &[400, 403, 413, 415, 422, 429, 500],
    },
    Operation {
        method: "get",
        path: "/api/sessions/{id}",
        operation_id: "getSession",
        tag: "sessions",
        summary: "The session as the caller may see it",
        description: "The state projected for the caller (hidden vote tallies, anonymity) and \
            the log position it reflects; the live stream continues from there.",
        auth: Auth::Bearer,
        request: None,
        success: Success::Json(200, schema::<Snapshot>),
        errors: &[401, 404, 500, 503],
    },
    Operation {
        method: "get",
        path: "/api/join/{code}",
        operation_id: "previewJoin",
        tag: "join",
        summary: "Look up a session by its join code",
        description: "Enough to show the join form. Wrong codes count against the caller's \
            address: after 20 misses it is refused with 429 for a while.",
        auth: Auth::None,
        request: None,
        success: Success::Json(200, schema::<SessionPreview>),
        errors: &[404, 429, 500, 503],
    },
    Operation {
        method: "post",
        path: "/api/sessions/{id}/participants",
        operation_id: "join",
        tag: "join",
        summary: "Join a session as a participant",
        description: "Makes the caller a participant of one department. The answer's token is \
            the participant's secret: send it as `Authorization: Bearer <token>`.",
        auth: Auth::None,
        request: Some(schema::<JoinRequest>),
        success: Success::Json(201, schema::<Joined>),
        errors: &[400, 403, 404, 409, 413, 415, 422, 429, 500, 503],
    },
    Operation {
        method: "post",
        path: "/api/sessions/{id}/commands",
        operation_id: "executeCommand",
        tag: "sessions",
        summary: "Send a command",
        description: "The one way to change a session. A command the rules refuse answers \
            403 (not yours to do), 404 (unknown id), 409 (not in this phase / not any more) \
            or 422 (invalid content). Each caller may send 60 commands at once and 20 a \
            second after that (429). A retried request with the same `idempotency_key` is \
            applied once.",
        auth: Auth::Bearer,
        request: Some(schema::<CommandRequest>),
        success: Success::Json(200, schema::<CommandAccepted>),
        errors: &[400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503],
    },
    Operation {
        method: "post",
        path: "/api/sessions/{id}/tickets",
        operation_id: "issueTicket",
        tag: "sessions",
        summary: "Get a short-lived ticket",
        description: "A signed credential valid for two minutes, for URLs that cannot carry \
            an `Authorization` header: the live stream and download links (`?ticket=`).",
        auth: Auth::Bearer,
        request: None,
        success: Success::Json(200, schema::<Ticket>),
        errors: &[401, 403, 404, 500, 503],
    },
    Operation {
        method: "get",
        path: "/api/sessions/{id}/events",
        operation_id: "streamEvents",
        tag: "sessions",
        summary: "Live stream of the session's events",
        description: "Server-Sent Events. Each `summit` event carries one `SeqEvent` (JSON) \
            projected for the caller, with its sequence number as the event id; a final \
            `bye` event says the server is shutting down. Resume with `Last-Event-ID` (or \
            `?after=`): the backlog comes from the log, then live events, each once and in \
            order. At most 8 streams per participant are open at once (429).",
        auth: Auth::BearerOrTicket,
        request: None,
        success: Success::EventStream,
        errors: &[400, 401, 403, 404, 429, 500, 503],
    },
    Operation {
        method: "get",
        path: "/api/sessions/{id}/export/{file}",
        operation_id: "export",
        tag: "sessions",
        summary: "Download action items or the summary",
        description: "Built from the caller's own view, so an export never shows more than \
            the screen.",
        auth: Auth::BearerOrTicket,
        request: None,
        success: Success::Export,
        errors: &[400, 401, 404, 500, 503],
    },
];

/// The document, built once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| document().to_string());

/// `GET /api/openapi.json`.
pub async fn serve() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

/// The OpenAPI 3.1 document for [`OPERATIONS`].
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let error_body = generator.subschema_for::<ErrorBody>();

    let mut paths = Map::new();
    for op in OPERATIONS {
        let item = operation(op, &mut generator);
        // Each path item is an object of its methods (built right here).
        if let Value::Object(methods) = paths.entry(op.path).or_insert_with(|| json!({})) {
            methods.insert(op.method.to_owned(), item);
        }
    }

    let mut responses = Map::new();
    for status in all_error_statuses() {
        let mut response = json!({
            "description": error_description(status),
            "content": { "application/json": { "schema": error_body.clone() } },
        });
        if matches!(status, 429 | 503) {
            response["headers"] = json!({
                "Retry-After": {
                    "description": "Seconds to wait before trying again.",
                    "required": true,
                    "schema": { "type": "integer", "minimum": 0 },
                }
            });
        }
        responses.insert(response_name(status).to_owned(), response);
    }

    let schemas = generator.take_definitions(true);

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Summit API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Summit's HTTP API: create a session, join it, send commands, \
                follow the live stream and download exports. Every 4xx and 5xx answer has the \
                body `{\"error\": {\"code\": \"...\", \"message\": \"...\"}}`: `code` is stable \
                and machine-readable, `message` is a sentence to show to a person. \
                State-changing requests and the live stream are refused with 403 \
                `cross_origin` when a browser marks them as coming from another site \
                (`Sec-Fetch-Site`, or an `Origin` that differs from `Host`).",
            "license": { "name": "MIT", "identifier": "MIT" },
        },
        "tags": [
            { "name": "sessions", "description": "A session and what happens in it." },
            { "name": "join", "description": "Finding and joining a session." },
            { "name": "server", "description": "The server itself." },
        ],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The facilitator's or a participant's secret token, \
                        from creating or joining the session. Valid for that session only.",
                },
                "ticket": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "ticket",
                    "description": "A short-lived ticket from `POST /api/sessions/{id}/tickets`, \
                        for URLs that cannot carry an `Authorization` header.",
                },
            },
        },
    })
}

fn operation(op: &Operation, generator: &mut SchemaGenerator) -> Value {
    let mut parameters: Vec<Value> = path_params(op.path).map(path_param).collect();
    if op.success_is_stream() {
        parameters.push(json!({
            "name": "after",
            "in": "query",
            "description": "Resume after this event sequence number (what `Last-Event-ID` \
                does for a browser's own reconnect; the header wins).",
            "schema": { "type": "integer", "format": "uint64", "minimum": 0 },
        }));
        parameters.push(json!({
            "name": "Last-Event-ID",
            "in": "header",
            "description": "The last event sequence number the client has.",
            "schema": { "type": "integer", "format": "uint64", "minimum": 0 },
        }));
    }

    let mut responses = Map::new();
    let (status, success) = success_response(op.success, generator);
    responses.insert(status.to_string(), success);
    for &status in op.errors {
        responses.insert(
            status.to_string(),
            json!({ "$ref": format!("#/components/responses/{}", response_name(status)) }),
        );
    }

    let mut out = json!({
        "operationId": op.operation_id,
        "tags": [op.tag],
        "summary": op.summary,
        "description": op.description,
        "responses": responses,
    });
    if !parameters.is_empty() {
        out["parameters"] = Value::Array(parameters);
    }
    if let Some(request) = op.request {
        out["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": request(generator) } },
        });
    }
    out["security"] = match op.auth {
        Auth::None => json!([]),
        Auth::Bearer => json!([{ "bearerAuth": [] }]),
        Auth::BearerOrTicket => json!([{ "bearerAuth": [] }, { "ticket": [] }]),
    };
    out
}

impl Operation {
    fn success_is_stream(&self) -> bool {
        matches!(self.success, Success::EventStream)
    }
}

fn success_response(success: Success, generator: &mut SchemaGenerator) -> (u16, Value) {
    let text = |media: &str, description: &str| json!({ media: { "schema": { "type": "string", "description": description } } });
    match success {
        Success::Json(status, schema) => (
            status,
            json!({
                "description": if status == 201 { "Created." } else { "OK." },
                "content": { "application/json": { "schema": schema(generator) } },
            }),
        ),
        Success::Text => (
            200,
            json!({ "description": "OK.", "content": text("text/plain", "`ok`") }),
        ),
        Success::EventStream => {
            let seq_event = generator.subschema_for::<SeqEvent>();
            // Before OpenAPI 3.2's `itemSchema`, an event stream's `schema` describes one
            // event, with `data` as an embedded JSON document (`contentSchema`).
            let event = json!({
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["event", "id", "data"],
                        "properties": {
                            "event": { "const": SSE_EVENT },
                            "id": {
                                "type": "string",
                                "pattern": "^[0-9]+$",
                                "description": "The event's sequence number.",
                            },
                            "data": {
                                "type": "string",
                                "contentMediaType": "application/json",
                                "contentSchema": seq_event,
                            },
                        },
                    },
                    {
                        "type": "object",
                        "required": ["event"],
                        "properties": {
                            "event": { "const": SSE_BYE },
                            "data": { "type": "string" },
                        },
                        "description": "The last event before the server shuts the stream down.",
                    },
                ],
            });
            (
                200,
                json!({
                    "description": "A Server-Sent Events stream that stays open. Each `summit` \
                        event's data is a `SeqEvent` as JSON, projected for the caller; a \
                        `bye` event ends the stream when the server shuts down. Comments \
                        keep the connection alive.",
                    "content": { "text/event-stream": { "schema": event } },
                }),
            )
        }
        Success::Export => {
            let mut content = Map::new();
            for file in ExportFile::ALL {
                let (media, _) = crate::export::render(
                    file,
                    &summit_shared::SessionId(String::new()),
                    &Default::default(),
                );
                let media = media.split(';').next().unwrap_or(media).trim();
                if media == "application/json" {
                    let schema = generator.subschema_for::<crate::export::JsonExport<'static>>();
                    content.insert(media.to_owned(), json!({ "schema": schema }));
                    continue;
                }
                let entry = content
                    .entry(media)
                    .or_insert_with(|| json!({ "schema": { "type": "string" } }));
                let described = entry["schema"]["description"].as_str().unwrap_or("");
                let described = if described.is_empty() {
                    file.label().to_owned()
                } else {
                    format!("{described}; {}", file.label())
                };
                entry["schema"]["description"] = Value::String(described);
            }
            (
                200,
                json!({
                    "description": "The file, as an attachment.",
                    "headers": {
                        "Content-Disposition": {
                            "description": "`attachment` with a file name.",
                            "required": true,
                            "schema": { "type": "string" },
                        }
                    },
                    "content": content,
                }),
            )
        }
        Success::OpenApi => (
            200,
            json!({
                "description": "This document.",
                "content": { "application/json": { "schema": { "type": "object" } } },
            }),
        ),
    }
}

/// The `{name}` placeholders of a path, in order.
pub fn path_params(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
}

fn path_param(name: &str) -> Value {
    let (description, schema) = match name {
        "id" => (
            "The session id: 22 URL-safe characters.",
            json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]{22}$" }),
        ),
        "code" => (
            "The 6-character join code (case, spaces and dashes do not matter).",
            json!({ "type": "string", "minLength": 1 }),
        ),
        "file" => (
            "Which export.",
            json!({
                "type": "string",
                "enum": ExportFile::ALL.map(ExportFile::file_name),
            }),
        ),
        other => panic!("path parameter `{other}` is not described in openapi.rs"),
    };
    json!({
        "name": name,
        "in": "path",
        "required": true,
        "description": description,
        "schema": schema,
    })
}

fn all_error_statuses() -> Vec<u16> {
    let mut statuses: Vec<u16> = OPERATIONS
        .iter()
        .flat_map(|op| op.errors.iter().copied())
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

fn response_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableContent",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        503 => "ServiceUnavailable",
        other => panic!("status {other} has no response in openapi.rs"),
    }
}

fn error_description(status: u16) -> &'static str {
    match status {
        400 => {
            "The request is malformed: not JSON, missing or mistyped fields (`invalid_json`, \
            `invalid_body`, `invalid_query`), or a bad header or parameter."
        }
        401 => {
            "No token (`missing_token`), or a token or ticket that does not belong to this \
            session (`invalid_token`, `invalid_ticket`)."
        }
        403 => {
            "Not yours to do (e.g. `facilitator_only`, `not_own_department`), or a request a \
            browser marks as coming from another site (`cross_origin`)."
        }
        404 => {
            "No such session, join code, export or item in this session (e.g. \
            `session_not_found`, `unknown_join_code`, `unknown_idea`)."
        }
        409 => {
            "Not possible now or any more (e.g. `wrong_phase`, `session_closed`, \
            `vote_budget_exceeded`)."
        }
        413 => "The request body is larger than 64 KiB (`body_too_large`).",
        415 => "The body is not sent as `application/json` (`unsupported_media_type`).",
        422 => "The content breaks a rule (e.g. `empty`, `too_long`, `department_count`).",
        429 => {
            "Too many requests (`too_many_join_attempts`, `too_many_commands`, \
            `too_many_streams`); retry after `Retry-After` seconds."
        }
        500 => "A fault on the server (`internal`); nothing was changed.",
        503 => {
            "The server is shutting down or cannot store events right now \
            (`shutting_down`); retry after `Retry-After` seconds."
        }
        _ => "Error.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `(method, path)` pairs that `routes::api()` registers, read from its source,
    /// so a new route without an entry in [`OPERATIONS`] fails this test.
    fn registered_routes() -> BTreeSet<(String, String)> {
        let source = include_str!("routes/mod.rs");
        let start = source
            .find("pub fn api()")
            .expect("routes/mod.rs defines api()");
        let body = &source[start..];
        let body = &body[..body.find("\n}").expect("api() ends")];
        let mut routes = BTreeSet::new();
        for call in body.split(".route(").skip(1) {
            let path_start = call.find('"').expect("route path literal") + 1;
            let path_len = call[path_start..].find('"').expect("closing quote");
            let path = &call[path_start..path_start + path_len];
            let rest = &call[path_start + path_len..];
            let mut found = false;
            for method in ["get", "post", "put", "patch", "delete"] {
                let mut from = 0;
                while let Some(at) = rest[from..].find(&format!("{method}(")) {
                    let at = from + at;
                    let before = rest[..at].chars().last().unwrap_or(' ');
                    if !(before.is_alphanumeric() || before == '_' || before == ':') {
                        routes.insert((method.to_owned(), path.to_owned()));
                        found = true;
                    }
                    from = at + method.len();
                }
            }
            assert!(found, "no method found for route {path}");
        }
        routes
    }

    #[test]
    fn documents_every_registered_route() {
        let documented: BTreeSet<(String, String)> = OPERATIONS
            .iter()
            .map(|op| (op.method.to_owned(), op.path.to_owned()))
            .collect();
        assert_eq!(
            documented.len(),
            OPERATIONS.len(),
            "an operation is listed twice"
        );
        assert_eq!(registered_routes(), documented);
    }

    #[test]
    fn document_is_complete() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for name in [
            "ErrorBody",
            "Command",
            "Event",
            "SeqEvent",
            "SessionState",
            "Snapshot",
            "SessionSetup",
        ] {
            assert!(schemas.contains_key(name), "schema {name} missing");
        }
        // Every reference resolves.
        let text = doc.to_string();
        for piece in text.split("\"$ref\":\"#/").skip(1) {
            let pointer = &piece[..piece.find('"').unwrap()];
            assert!(
                doc.pointer(&format!("/{pointer}")).is_some(),
                "dangling $ref #/{pointer}"
            );
        }
        // Every operation documents its errors with the error body, 429/503 with Retry-After.
        for op in OPERATIONS {
            let responses = &doc["paths"][op.path][op.method]["responses"];
            for status in op.errors {
                assert!(responses.get(status.to_string()).is_some());
            }
        }
        let too_many = &doc["components"]["responses"]["TooManyRequests"];
        assert_eq!(too_many["headers"]["Retry-After"]["required"], true);
        assert_eq!(
            too_many["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
        // Every command refuses unknown fields (serde's `deny_unknown_fields`; a unit
        // variant would escape it, hence `ClearTimer {}`), and the schema says so.
        for variant in schemas["Command"]["oneOf"].as_array().unwrap() {
            assert_eq!(variant["additionalProperties"], false, "{variant}");
        }
        let files = &doc["paths"]["/api/sessions/{id}/export/{file}"]["get"]["parameters"][1]
            ["schema"]["enum"];
        assert_eq!(files.as_array().unwrap().len(), ExportFile::ALL.len());
    }
}

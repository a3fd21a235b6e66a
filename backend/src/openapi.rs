//! The OpenAPI 3.1 description of the HTTP API, served at `GET /api/openapi.json`.
//!
//! Generated from the router, never written by hand: [`crate::routes::api`] declares
//! each route together with its document (aide's `get_with`/`post_with`), the
//! request bodies' schemas come from the handlers' extractors, and every schema is
//! derived from the shared contract types with `schemars` (the `openapi` feature of
//! `summit-shared`). So a route cannot exist without its document, and a change to a
//! request or response type changes the document with it. OpenAPI 3.1 uses JSON
//! Schema 2020-12, which is what the generator is set to emit.
//!
//! This module holds what an operation's document is made of ([`Documented`]) and
//! what the document adds around the routes ([`base`], [`finish`]): the error
//! answers every operation refers to, the two kinds of credentials, the tags. The
//! document itself is `routes::document`, served at [`PATH`].

use aide::openapi::{
    Components, Header, HeaderStyle, Info, License, MediaType, OpenApi, Parameter, ParameterData,
    ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Response, SchemaObject,
    SecurityScheme, StatusCode, Tag,
};
use aide::transform::{TransformOpenApi, TransformOperation};
use indexmap::IndexMap;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema};
use summit_shared::api::{ErrorBody, ExportFile, SSE_BYE, SSE_EVENT};
use summit_shared::SeqEvent;

/// Where the document is served.
pub const PATH: &str = "/api/openapi.json";

/// How a caller proves who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>` (facilitator or participant of the session).
    Bearer,
    /// The bearer token, or a short-lived `?ticket=` for URLs that cannot carry headers.
    BearerOrTicket,
    /// A calendar feed's `?key=`, which a calendar app keeps in its subscription.
    CalendarKey,
}

/// What one operation's document says, written where its route is declared:
///
/// ```ignore
/// post_with(create, |op| {
///     op.about("createSession", "sessions", "Create a session", "…")
///         .answers::<SessionCreated>(201)
///         .errors(&[400, 422, 429, 500])
/// })
/// ```
pub trait Documented: Sized {
    /// Its id, tag, summary and description.
    fn about(self, id: &str, tag: &str, summary: &str, description: &str) -> Self;
    /// The credentials it needs (none when this is not called).
    fn auth(self, auth: Auth) -> Self;
    /// The `{name}` placeholders of its path, in order.
    fn path_params(self, names: &[&str]) -> Self;
    /// A JSON answer of type `T` with this status.
    fn answers<T: JsonSchema>(self, status: u16) -> Self;
    /// An answer without a body.
    fn answers_empty(self, status: u16) -> Self;
    /// A `text/plain` answer.
    fn answers_text(self, what: &str) -> Self;
    /// A `text/calendar` answer.
    fn answers_calendar(self, what: &str) -> Self;
    /// An `image/svg+xml` answer.
    fn answers_svg(self, what: &str) -> Self;
    /// The live stream: Server-Sent Events of `SeqEvent`s, resumable.
    fn answers_events(self) -> Self;
    /// A download in one of the export formats.
    fn answers_export(self) -> Self;
    /// This document.
    fn answers_document(self) -> Self;
    /// Every 4xx and 5xx status it can answer with (each with the error body).
    fn errors(self, statuses: &[u16]) -> Self;
}

impl Documented for TransformOperation<'_> {
    fn about(self, id: &str, tag: &str, summary: &str, description: &str) -> Self {
        self.id(id)
            .tag(tag)
            .summary(summary)
            .description(description)
    }

    fn auth(self, auth: Auth) -> Self {
        match auth {
            Auth::Bearer => self.security_requirement("bearerAuth"),
            Auth::BearerOrTicket => self
                .security_requirement("bearerAuth")
                .security_requirement("ticket"),
            Auth::CalendarKey => self.security_requirement("calendarKey"),
        }
    }

    fn path_params(mut self, names: &[&str]) -> Self {
        let params = &mut self.inner_mut().parameters;
        for name in names {
            params.push(ReferenceOr::Item(path_param(name)));
        }
        self
    }

    fn answers<T: JsonSchema>(self, status: u16) -> Self {
        let schema = aide::generate::in_context(|ctx| ctx.schema.subschema_for::<T>());
        let description = if status == 201 { "Created." } else { "OK." };
        answer(self, status, description, [("application/json", schema)])
    }

    fn answers_empty(self, status: u16) -> Self {
        answer(self, status, "Done.", [])
    }

    fn answers_text(self, what: &str) -> Self {
        let schema = json_schema!({ "type": "string", "description": what });
        answer(self, 200, "OK.", [("text/plain", schema)])
    }

    fn answers_calendar(self, what: &str) -> Self {
        let schema = json_schema!({ "type": "string", "description": what });
        answer(self, 200, "OK.", [("text/calendar", schema)])
    }

    fn answers_svg(self, what: &str) -> Self {
        let schema = json_schema!({ "type": "string", "description": what });
        answer(self, 200, "OK.", [("image/svg+xml", schema)])
    }

    fn answers_events(mut self) -> Self {
        let seq_event = aide::generate::in_context(|ctx| ctx.schema.subschema_for::<SeqEvent>());
        let position = |name: &str, description: &str, query: bool| {
            let data = parameter(name, description, false, position_schema());
            if query {
                Parameter::Query {
                    parameter_data: data,
                    allow_reserved: false,
                    style: QueryStyle::Form,
                    allow_empty_value: None,
                }
            } else {
                Parameter::Header {
                    parameter_data: data,
                    style: HeaderStyle::Simple,
                }
            }
        };
        let params = &mut self.inner_mut().parameters;
        params.push(ReferenceOr::Item(position(
            "after",
            "Resume after this event sequence number (what `Last-Event-ID` does for a \
             browser's own reconnect; the header wins).",
            true,
        )));
        params.push(ReferenceOr::Item(position(
            "Last-Event-ID",
            "The last event sequence number the client has.",
            false,
        )));
        // Before OpenAPI 3.2's `itemSchema`, an event stream's `schema` describes one
        // event, with `data` as an embedded JSON document (`contentSchema`).
        let event = json_schema!({
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
        answer(
            self,
            200,
            "A Server-Sent Events stream that stays open. Each `summit` event's data is a \
             `SeqEvent` as JSON, projected for the caller; a `bye` event ends the stream \
             when the server shuts down. Comments keep the connection alive.",
            [("text/event-stream", event)],
        )
    }

    fn answers_export(mut self) -> Self {
        let mut content: IndexMap<String, MediaType> = IndexMap::new();
        let mut described: IndexMap<String, Vec<&str>> = IndexMap::new();
        for file in ExportFile::ALL {
            let (media, _) = crate::export::render(
                file,
                &summit_shared::SessionId(String::new()),
                &Default::default(),
                0,
            );
            let media = media.split(';').next().unwrap_or(media).trim();
            if media == "application/json" {
                let schema = aide::generate::in_context(|ctx| {
                    ctx.schema
                        .subschema_for::<crate::export::JsonExport<'static>>()
                });
                content.insert(media.to_owned(), media_type(schema));
            } else {
                described
                    .entry(media.to_owned())
                    .or_default()
                    .push(file.label());
            }
        }
        for (media, labels) in described {
            let schema = json_schema!({ "type": "string", "description": labels.join("; ") });
            content.insert(media, media_type(schema));
        }
        let mut headers = IndexMap::new();
        headers.insert(
            "Content-Disposition".to_owned(),
            ReferenceOr::Item(response_header(
                "`attachment` with a file name.",
                json_schema!({ "type": "string" }),
            )),
        );
        let response = Response {
            description: "The file, as an attachment.".into(),
            headers,
            content,
            ..Default::default()
        };
        responses(&mut self).insert(StatusCode::Code(200), ReferenceOr::Item(response));
        self
    }

    fn answers_document(self) -> Self {
        let schema = json_schema!({ "type": "object" });
        answer(self, 200, "This document.", [("application/json", schema)])
    }

    fn errors(mut self, statuses: &[u16]) -> Self {
        let responses = responses(&mut self);
        for &status in statuses {
            let reference = format!("#/components/responses/{}", response_name(status));
            responses.insert(StatusCode::Code(status), ReferenceOr::ref_(&reference));
        }
        self
    }
}

fn responses<'a>(
    op: &'a mut TransformOperation<'_>,
) -> &'a mut IndexMap<StatusCode, ReferenceOr<Response>> {
    &mut op
        .inner_mut()
        .responses
        .get_or_insert_with(Default::default)
        .responses
}

fn answer<'t, const N: usize>(
    mut op: TransformOperation<'t>,
    status: u16,
    description: &str,
    content: [(&str, Schema); N],
) -> TransformOperation<'t> {
    let response = Response {
        description: description.to_owned(),
        content: content
            .into_iter()
            .map(|(media, schema)| (media.to_owned(), media_type(schema)))
            .collect(),
        ..Default::default()
    };
    responses(&mut op).insert(StatusCode::Code(status), ReferenceOr::Item(response));
    op
}

/// A media type whose body has this schema.
pub(crate) fn media_type(json_schema: Schema) -> MediaType {
    MediaType {
        schema: Some(schema_object(json_schema)),
        ..Default::default()
    }
}

fn schema_object(json_schema: Schema) -> SchemaObject {
    SchemaObject {
        json_schema,
        example: None,
        external_docs: None,
    }
}

fn parameter(name: &str, description: &str, required: bool, schema: Schema) -> ParameterData {
    ParameterData {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        required,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(schema_object(schema)),
        example: None,
        examples: IndexMap::new(),
        explode: None,
        extensions: IndexMap::new(),
    }
}

fn response_header(description: &str, schema: Schema) -> Header {
    Header {
        description: Some(description.to_owned()),
        style: HeaderStyle::Simple,
        required: true,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(schema_object(schema)),
        example: None,
        examples: IndexMap::new(),
        extensions: IndexMap::new(),
    }
}

fn position_schema() -> Schema {
    json_schema!({ "type": "integer", "format": "uint64", "minimum": 0 })
}

fn path_param(name: &str) -> Parameter {
    let (description, schema) = match name {
        "id" => (
            "The session id: 22 URL-safe characters.",
            json_schema!({ "type": "string", "pattern": "^[A-Za-z0-9_-]{22}$" }),
        ),
        "code" => (
            "The 6-character join code (case, spaces and dashes do not matter).",
            json_schema!({ "type": "string", "minLength": 1 }),
        ),
        "file" => (
            "Which export.",
            json_schema!({
                "type": "string",
                "enum": ExportFile::ALL.map(ExportFile::file_name),
            }),
        ),
        // Any other name gets a plain description; the route test would catch an
        // undocumented one by its schema.
        other => (other, json_schema!({ "type": "string" })),
    };
    Parameter::Path {
        parameter_data: parameter(name, description, true, schema),
        style: PathStyle::Simple,
    }
}

/// Sets this thread's schema generator for the document: JSON Schema 2020-12 (what
/// OpenAPI 3.1 uses), definitions under `#/components/schemas/`. Call before the
/// routes are declared; aide puts its generator back when the document is finished.
pub fn prepare() {
    aide::generate::in_context(|ctx| {
        ctx.schema = SchemaSettings::draft2020_12()
            .with(|s| {
                s.definitions_path = "#/components/schemas/".into();
                s.meta_schema = None;
            })
            .into_generator();
    });
    aide::generate::infer_responses(false);
}

/// The document before the routes join it: its version, words and tags.
pub fn base() -> OpenApi {
    OpenApi {
        openapi: "3.1.0".into(),
        info: Info {
            title: "Summit API".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: Some(
                "Summit's HTTP API: create a session, join it, send commands, follow the live \
                 stream and download exports. Every 4xx and 5xx answer has the body \
                 `{\"error\": {\"code\": \"...\", \"message\": \"...\"}}`: `code` is stable and \
                 machine-readable (`ErrorCode`), `message` is a sentence to show to a person. \
                 State-changing requests and the live stream are refused with 403 \
                 `cross_origin` when a browser marks them as coming from another site \
                 (`Sec-Fetch-Site`, or an `Origin` that differs from `Host`)."
                    .into(),
            ),
            license: Some(License {
                name: "MIT".into(),
                identifier: Some("MIT".into()),
                ..Default::default()
            }),
            ..Default::default()
        },
        tags: vec![
            tag("sessions", "A session and what happens in it."),
            tag("join", "Finding and joining a session."),
            tag("server", "The server itself."),
        ],
        ..Default::default()
    }
}

/// What the document adds once every route has joined it: the error answers the
/// operations refer to (before the schemas are collected, so the error body joins
/// them) and the two kinds of credentials.
pub fn finish(mut api: TransformOpenApi<'_>) -> TransformOpenApi<'_> {
    let error_body = aide::generate::in_context(|ctx| ctx.schema.subschema_for::<ErrorBody>());
    let paths = serde_json::to_string(&api.inner_mut().paths).unwrap_or_default();
    let responses = &mut api
        .inner_mut()
        .components
        .get_or_insert_with(Components::default)
        .responses;
    for &status in ALL_ERROR_STATUSES {
        let name = response_name(status);
        if paths.contains(&format!("#/components/responses/{name}\"")) {
            responses.insert(
                name.to_owned(),
                ReferenceOr::Item(error_response(status, &error_body)),
            );
        }
    }
    api.security_scheme(
        "bearerAuth",
        SecurityScheme::Http {
            scheme: "bearer".into(),
            bearer_format: None,
            description: Some(
                "The facilitator's or a participant's secret token, from creating or \
                 joining the session, or a key of its projector or follow-up link. Valid \
                 for that session only."
                    .into(),
            ),
            extensions: IndexMap::new(),
        },
    )
    .security_scheme(
        "calendarKey",
        SecurityScheme::ApiKey {
            location: aide::openapi::ApiKeyLocation::Query,
            name: "key".into(),
            description: Some(
                "A session's calendar feed key, from `GET /api/sessions/{id}/links`; it \
                 reads the action items and stops working when the facilitator renews or \
                 revokes it."
                    .into(),
            ),
            extensions: IndexMap::new(),
        },
    )
    .security_scheme(
        "ticket",
        SecurityScheme::ApiKey {
            location: aide::openapi::ApiKeyLocation::Query,
            name: "ticket".into(),
            description: Some(
                "A short-lived ticket from `POST /api/sessions/{id}/tickets`, for URLs that \
                 cannot carry an `Authorization` header."
                    .into(),
            ),
            extensions: IndexMap::new(),
        },
    )
}

fn tag(name: &str, description: &str) -> Tag {
    Tag {
        name: name.into(),
        description: Some(description.into()),
        ..Default::default()
    }
}

fn error_response(status: u16, error_body: &Schema) -> Response {
    let mut headers = IndexMap::new();
    if matches!(status, 429 | 503) {
        headers.insert(
            "Retry-After".to_owned(),
            ReferenceOr::Item(response_header(
                "Seconds to wait before trying again.",
                json_schema!({ "type": "integer", "minimum": 0 }),
            )),
        );
    }
    let mut content = IndexMap::new();
    content.insert(
        "application/json".to_owned(),
        media_type(error_body.clone()),
    );
    Response {
        description: error_description(status).into(),
        headers,
        content,
        ..Default::default()
    }
}

/// Every status an operation may list in [`Documented::errors`].
const ALL_ERROR_STATUSES: &[u16] = &[400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503];

fn response_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableContent",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        503 => "ServiceUnavailable",
        _ => "Error",
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
        405 => "This endpoint does not accept that method (`method_not_allowed`).",
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

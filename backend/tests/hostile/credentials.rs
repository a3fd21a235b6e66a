//! Credentials: tokens and tickets that are missing, malformed, expired or for another session.

use crate::fixture::Stage;
use crate::harness::*;

pub(crate) fn credential_cases(cx: &Ctx, ann_ticket: &str, other_ticket: &str) -> Vec<Case> {
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

#[tokio::test]
async fn credentials() {
    let mut h = Harness::new().await;
    h.advance_to(Stage::Joined).await;
    let (sid, osid, ann, ofac) = (
        h.cx.sid.clone(),
        h.cx.other_sid.clone(),
        h.cx.ann.clone(),
        h.cx.other_fac.clone(),
    );
    let ann_ticket = h.ticket(&sid, &ann).await;
    let other_ticket = h.ticket(&osid, &ofac).await;
    let cases = credential_cases(&h.cx, &ann_ticket, &other_ticket);
    h.refuse_all(cases).await;
    h.finish();
}

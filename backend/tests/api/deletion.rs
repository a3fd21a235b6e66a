//! Deleting a session for good: the facilitator types its title; every row of it
//! goes from every table (SQLite and PostgreSQL), its links stop working, its live
//! streams end, other servers drop their copy; other sessions are untouched. And
//! the retention period: sessions closed longer ago than `--retention-days` go too.

use crate::common;

use common::node::Node;
use common::{Backend, TestApp};
use sqlx::{Connection, Row};
use std::time::Duration;
use summit_shared::api::{paths, DeleteSession};
use summit_shared::{Command, LinkKind, Phase, SessionId, Settings};

async fn delete(app: &TestApp, base: &str, sid: &SessionId, token: &str, title: &str) -> u16 {
    let _ = app;
    reqwest::Client::new()
        .delete(format!("{base}{}", paths::session(sid)))
        .bearer_auth(token)
        .json(&DeleteSession {
            title: title.into(),
        })
        .send()
        .await
        .expect("send")
        .status()
        .as_u16()
}

async fn get_status(base: &str, path: &str, token: Option<&str>) -> u16 {
    let mut req = reqwest::Client::new().get(format!("{base}{path}"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.expect("send").status().as_u16()
}

/// Rows of `sid` left in each table.
async fn rows_left(app: &TestApp, sid: &SessionId) -> Vec<(&'static str, i64)> {
    match app.backend {
        Backend::Sqlite => {
            let mut db = sqlx::SqliteConnection::connect(&app.database_url)
                .await
                .expect("open the file");
            let mut left = Vec::new();
            for (table, sql) in [
                ("sessions", "SELECT count(*) FROM sessions WHERE id = ?1"),
                (
                    "participants",
                    "SELECT count(*) FROM participants WHERE session_id = ?1",
                ),
            ] {
                let n: i64 = sqlx::query(sql)
                    .bind(&sid.0)
                    .fetch_one(&mut db)
                    .await
                    .expect("count")
                    .get(0);
                left.push((table, n));
            }
            // Events are keyed by position; any event outside a live session's
            // range is one left behind.
            let orphans: i64 = sqlx::query(
                "SELECT count(*) FROM events AS e WHERE NOT EXISTS \
                 (SELECT 1 FROM sessions AS s \
                  WHERE e.position > s.key << 32 AND e.position < (s.key + 1) << 32)",
            )
            .fetch_one(&mut db)
            .await
            .expect("count")
            .get(0);
            left.push(("events", orphans));
            left
        }
        Backend::Postgres => {
            let mut db = sqlx::PgConnection::connect(&app.database_url)
                .await
                .expect("connect");
            let mut left = Vec::new();
            for (table, column) in [
                ("sessions", "id"),
                ("events", "session_id"),
                ("participants", "session_id"),
                ("idempotency", "session_id"),
            ] {
                let n: i64 =
                    sqlx::query(&format!("SELECT count(*) FROM {table} WHERE {column} = $1"))
                        .bind(&sid.0)
                        .fetch_one(&mut db)
                        .await
                        .expect("count")
                        .get(0);
                left.push((table, n));
            }
            left
        }
    }
}

async fn deleted_everywhere(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let (keep, keep_fac, _, _) = app.planned(Settings::default()).await;
    let (sid, fac, ann, _bob) = app.planned(Settings::default()).await;
    // With an idempotency key on record, a follow-up link and a live stream.
    app.command_raw(
        &sid,
        &ann.token,
        Command::SetDone { done: true },
        Some("k-1"),
    )
    .await;
    let link = LinkKind::FollowUp;
    app.command(&sid, &fac, Command::IssueLink { link }).await;
    assert!(rows_left(&app, &sid).await.iter().any(|(_, n)| *n > 0));
    let mut stream = app.stream(&sid, &ann.token, None).await;

    // The title, typed; only the facilitator.
    assert_eq!(delete(&app, &app.base, &sid, &fac, "Q5").await, 422);
    assert_eq!(delete(&app, &app.base, &sid, &ann.token, "Q4").await, 403);
    // Two tabs delete at once: one deletes, the other is told it is gone.
    let (a, b) = tokio::join!(
        delete(&app, &app.base, &sid, &fac, " Q4 "),
        delete(&app, &app.base, &sid, &fac, "Q4")
    );
    let mut answers = [a, b];
    answers.sort_unstable();
    assert_eq!(answers, [204, 404]);

    let left = rows_left(&app, &sid).await;
    assert!(left.iter().all(|(_, n)| *n == 0), "{left:?}");
    for token in [&fac, &ann.token] {
        assert_eq!(
            get_status(&app.base, &paths::session(&sid), Some(token)).await,
            404
        );
    }
    assert_eq!(delete(&app, &app.base, &sid, &fac, "Q4").await, 404);
    // The live stream ends.
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        // Longer than the deadline: only the stream's end stops this loop in time.
        while stream.next_message(Duration::from_secs(60)).await.is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the stream ended");
    // The other session is whole, and still works.
    app.command(&keep, &keep_fac, Command::StartTimer { seconds: 60 })
        .await;
    assert_eq!(app.snapshot(&keep, &keep_fac).await.state.title, "Q4");
}

#[tokio::test]
async fn a_deleted_session_leaves_no_row_on_sqlite() {
    deleted_everywhere(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_deleted_session_leaves_no_row_on_postgres() {
    deleted_everywhere(Backend::Postgres).await;
}

#[tokio::test]
async fn another_server_drops_a_session_deleted_elsewhere() {
    let app = TestApp::start_on(Backend::Postgres).await;
    let (sid, fac, ann, _bob) = app.planned(Settings::default()).await;
    let other = Node::start(&app.database_url, &[]);
    // The other server has it loaded, and serves it.
    assert_eq!(
        get_status(&other.base, &paths::session(&sid), Some(&ann.token)).await,
        200
    );
    assert_eq!(delete(&app, &app.base, &sid, &fac, "Q4").await, 204);
    let mut status = 0;
    for _ in 0..50 {
        status = get_status(&other.base, &paths::session(&sid), Some(&ann.token)).await;
        if status == 404 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 404, "the other server forgot the session");
}

#[tokio::test]
async fn sessions_closed_longer_than_the_retention_period_are_purged() {
    let mut app = TestApp::start().await;
    let phase = |phase| Command::SetPhase { phase };
    let (closed, fac1, _, _) = app.planned(Settings::default()).await;
    app.command(&closed, &fac1, phase(Phase::Closed)).await;
    let (reopened, fac2, _, _) = app.planned(Settings::default()).await;
    app.command(&reopened, &fac2, phase(Phase::Closed)).await;
    app.command(&reopened, &fac2, phase(Phase::Plan)).await;
    let (open, fac3, _, _) = app.planned(Settings::default()).await;

    // Kept forever without the setting.
    app.restart().await;
    assert_eq!(
        get_status(&app.base, &paths::session(&closed), Some(&fac1)).await,
        200
    );

    // A period of 0 days: everything closed before now goes when the server starts.
    app.stop().await;
    let mut config = summit_backend::Config {
        addr: "127.0.0.1:0".into(),
        database_url: app.database_url.clone(),
        retention_days: Some(0),
        ..summit_backend::Config::defaults()
    };
    config.assets = app.assets_dir();
    let server = summit_backend::start(&config, std::future::pending())
        .await
        .expect("starts");
    let base = format!("http://{}", server.addr);
    let mut status = 0;
    for _ in 0..50 {
        status = get_status(&base, &paths::session(&closed), Some(&fac1)).await;
        if status == 404 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 404, "the closed session was purged");
    assert!(rows_left(&app, &closed).await.iter().all(|(_, n)| *n == 0));
    assert_eq!(
        get_status(&base, &paths::session(&reopened), Some(&fac2)).await,
        200
    );
    assert_eq!(
        get_status(&base, &paths::session(&open), Some(&fac3)).await,
        200
    );
    server.stop().await.expect("stops");
}

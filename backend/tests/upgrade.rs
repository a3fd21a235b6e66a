//! A database written by an earlier Summit keeps working after an upgrade: the
//! schema migrations carry every row over, with its meaning.
//! (0002 moved idempotency records from their own table onto the event log.)

mod common;

use common::TestApp;
use reqwest::StatusCode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use summit_shared::api::CommandAccepted;
use summit_shared::{Command, Phase, Settings};

/// The `idempotency` table as the first schema (0001) created it.
fn first_idempotency_table() -> String {
    let init = include_str!("../migrations/sqlite/0001_init.sql");
    let start = init
        .find("CREATE TABLE idempotency")
        .expect("0001 creates idempotency");
    let end = start + init[start..].find(';').expect("statement ends");
    init[start..=end].to_owned()
}

#[tokio::test]
async fn idempotency_keys_recorded_in_the_old_table_still_replay() {
    let mut app = TestApp::start().await;
    let created = app.create_session("Upgrade", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let problems = Command::SetPhase {
        phase: Phase::Problems,
    };
    let (status, first) = app
        .command_raw(&sid, &fac, problems.clone(), Some("before-upgrade"))
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let first: CommandAccepted = serde_json::from_value(first).expect("accepted");
    assert_eq!(first.events.len(), 1);
    app.stop().await;

    // Put the database back as the previous release left it: the keyed table, and
    // no record of migration 0002, which then runs on the next start.
    let mut db = SqliteConnectOptions::new()
        .filename(app.db_path())
        .connect()
        .await
        .expect("open the file");
    let mut tx = db.begin().await.expect("begin");
    for sql in [
        first_idempotency_table(),
        "INSERT INTO idempotency (session_id, actor, key, first_seq, last_seq) \
         SELECT session_id, command_actor, command_key, seq, command_last_seq \
         FROM events WHERE command_key IS NOT NULL"
            .to_owned(),
        "ALTER TABLE events DROP COLUMN command_actor".to_owned(),
        "ALTER TABLE events DROP COLUMN command_key".to_owned(),
        "ALTER TABLE events DROP COLUMN command_last_seq".to_owned(),
        "DELETE FROM _sqlx_migrations WHERE version = 2".to_owned(),
    ] {
        sqlx::query(&sql).execute(&mut *tx).await.expect(&sql);
    }
    tx.commit().await.expect("commit");
    let pk: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pragma_table_info('idempotency') WHERE pk > 0")
            .fetch_one(&mut db)
            .await
            .expect("table info");
    assert_eq!(pk, 3, "the old keyed table is back");
    let moved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM idempotency")
        .fetch_one(&mut db)
        .await
        .expect("count");
    assert_eq!(moved, 1, "the record is in the old table");
    db.close().await.expect("close");

    app.boot().await;
    // The retry answers with the first attempt's events and changes nothing.
    let (status, again) = app
        .command_raw(&sid, &fac, problems, Some("before-upgrade"))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let again: CommandAccepted = serde_json::from_value(again).expect("accepted");
    assert_eq!(again, first);
    let snapshot = app.snapshot(&sid, &fac).await;
    assert_eq!(snapshot.seq, first.seq);
    assert_eq!(snapshot.state.phase, Phase::Problems);

    // New keys are recorded in the upgraded table and replay too.
    let pick = Command::SetPhase { phase: Phase::Pick };
    let (_, new) = app
        .command_raw(&sid, &fac, pick.clone(), Some("after-upgrade"))
        .await;
    app.restart().await;
    let (_, replayed) = app
        .command_raw(&sid, &fac, pick, Some("after-upgrade"))
        .await;
    assert_eq!(new, replayed);
    assert_eq!(app.snapshot(&sid, &fac).await.seq, first.seq + 1);
}

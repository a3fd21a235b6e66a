//! A database written by an earlier Summit keeps working after an upgrade: the
//! schema migrations carry every row over, with its meaning.
//! (0002 moved idempotency records from their own table onto the event log; 0003
//! keyed the log by one integer position per event.)
//!
//! Each test writes a database with today's server, puts it back the way an earlier
//! release left it (undoing the later migrations and their records), and starts the
//! server on it again, which runs those migrations.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use summit_shared::api::CommandAccepted;
use summit_shared::{Command, Phase, SessionId, Settings};

/// Undoes migration 0003: the log keyed by (session id, seq) again, and sessions
/// without their integer key.
const BEFORE_0003: &[&str] = &[
    "CREATE TABLE events_0002 (
        session_id       TEXT    NOT NULL REFERENCES sessions (id),
        seq              INTEGER NOT NULL,
        body             TEXT    NOT NULL,
        created_at       INTEGER NOT NULL,
        command_actor    TEXT,
        command_key      TEXT,
        command_last_seq INTEGER,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID",
    "INSERT INTO events_0002 \
     SELECT s.id, e.position & 4294967295, e.body, e.created_at, \
            e.command_actor, e.command_key, e.command_last_seq \
       FROM events AS e JOIN sessions AS s ON s.key = e.position >> 32",
    "DROP TABLE events",
    "ALTER TABLE events_0002 RENAME TO events",
    "DROP INDEX sessions_by_key",
    "ALTER TABLE sessions DROP COLUMN key",
    "DELETE FROM _sqlx_migrations WHERE version = 3",
];

/// A command sent with an idempotency key, as the test remembers it.
struct Keyed {
    session: SessionId,
    /// How the log spelled the actor before 0003: `f`, or `p` and the id.
    actor: String,
    key: String,
    token: String,
    command: Command,
    /// The first answer, with the log position of the command's first event.
    first: serde_json::Value,
}

impl Keyed {
    fn first_seq(&self) -> i64 {
        self.first["events"][0]["seq"]
            .as_i64()
            .expect("the command caused an event")
    }
}

/// Undoes migration 0003. Since 0003 the log records only a digest of each
/// idempotency key, so the earlier spelling of the keys the test sent is written
/// back from what the test remembers.
async fn undo_0003(db: &mut sqlx::SqliteConnection, keyed: &[&Keyed]) {
    let mut statements = owned(BEFORE_0003);
    for k in keyed {
        statements.push(format!(
            "UPDATE events SET command_actor = '{}', command_key = '{}' \
             WHERE session_id = '{}' AND seq = {}",
            k.actor,
            k.key,
            k.session.0,
            k.first_seq()
        ));
    }
    rewrite(db, &statements).await;
    let spelled = count(
        db,
        "SELECT COUNT(*) FROM events WHERE command_key IS NOT NULL",
    )
    .await;
    assert_eq!(spelled, keyed.len() as i64, "each key is spelled out again");
}

async fn open_file(app: &TestApp) -> sqlx::SqliteConnection {
    SqliteConnectOptions::new()
        .filename(app.db_path())
        .connect()
        .await
        .expect("open the file")
}

/// Runs `statements` in one transaction.
async fn rewrite(db: &mut sqlx::SqliteConnection, statements: &[String]) {
    let mut tx = db.begin().await.expect("begin");
    for sql in statements {
        sqlx::query(sql).execute(&mut *tx).await.expect(sql);
    }
    tx.commit().await.expect("commit");
}

/// A `COUNT(*)` query's answer.
async fn count(db: &mut sqlx::SqliteConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn owned(statements: &[&str]) -> Vec<String> {
    statements.iter().map(|s| (*s).to_owned()).collect()
}

/// The `idempotency` table as the first schema (0001) created it.
fn first_idempotency_table() -> String {
    let init = include_str!("../../migrations/sqlite/0001_init.sql");
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
    let keyed = Keyed {
        session: sid.clone(),
        actor: "f".into(),
        key: "before-upgrade".into(),
        token: fac.clone(),
        command: problems.clone(),
        first: first.clone(),
    };
    let first: CommandAccepted = serde_json::from_value(first).expect("accepted");
    assert_eq!(first.events.len(), 1);
    app.stop().await;

    // Put the database back as the release before 0002 left it: the keyed table,
    // and no record of migrations 0002 and 0003, which then run on the next start.
    let mut db = open_file(&app).await;
    undo_0003(&mut db, &[&keyed]).await;
    rewrite(
        &mut db,
        &[
            first_idempotency_table(),
            "INSERT INTO idempotency (session_id, actor, key, first_seq, last_seq) \
             SELECT session_id, command_actor, command_key, seq, command_last_seq \
             FROM events WHERE command_key IS NOT NULL"
                .to_owned(),
            "ALTER TABLE events DROP COLUMN command_actor".to_owned(),
            "ALTER TABLE events DROP COLUMN command_key".to_owned(),
            "ALTER TABLE events DROP COLUMN command_last_seq".to_owned(),
            "DELETE FROM _sqlx_migrations WHERE version = 2".to_owned(),
        ],
    )
    .await;
    let pk = count(
        &mut db,
        "SELECT COUNT(*) FROM pragma_table_info('idempotency') WHERE pk > 0",
    )
    .await;
    assert_eq!(pk, 3, "the old keyed table is back");
    let moved = count(&mut db, "SELECT COUNT(*) FROM idempotency").await;
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

#[tokio::test]
async fn logs_keyed_by_session_and_seq_move_to_positions() {
    let mut app = TestApp::start().await;
    // Two sessions whose logs interleave in the file, participants, and commands
    // sent with idempotency keys by the facilitator and by a participant.
    let a = app.create_session("Upgrade A", Settings::default()).await;
    let b = app.create_session("Upgrade B", Settings::default()).await;
    let problems = Command::SetPhase {
        phase: Phase::Problems,
    };
    let mut keyed = Vec::new();
    for (i, created) in [&a, &b].into_iter().enumerate() {
        let sid = &created.session_id;
        let fac = &created.facilitator_token;
        let ann = app.join(sid, "Ann", 1).await;
        let key = format!("phase-{i}");
        let (status, first) = app
            .command_raw(sid, fac, problems.clone(), Some(&key))
            .await;
        assert_eq!(status, StatusCode::OK, "{first}");
        keyed.push(Keyed {
            session: sid.clone(),
            actor: "f".into(),
            key,
            token: fac.clone(),
            command: problems.clone(),
            first,
        });
        let submit = Command::SubmitProblem {
            text: format!("Problem of session {i}"),
        };
        let key = format!("problem-{i}");
        let (status, first) = app
            .command_raw(sid, &ann.token, submit.clone(), Some(&key))
            .await;
        assert_eq!(status, StatusCode::OK, "{first}");
        keyed.push(Keyed {
            session: sid.clone(),
            actor: format!("p{}", ann.participant_id.0),
            key,
            token: ann.token.clone(),
            command: submit,
            first,
        });
    }
    let before_a = app.snapshot(&a.session_id, &a.facilitator_token).await;
    let before_b = app.snapshot(&b.session_id, &b.facilitator_token).await;
    app.stop().await;

    let mut db = open_file(&app).await;
    undo_0003(&mut db, &keyed.iter().collect::<Vec<_>>()).await;
    let old_shape = count(
        &mut db,
        "SELECT COUNT(*) FROM pragma_table_info('events') WHERE name = 'session_id'",
    )
    .await;
    assert_eq!(old_shape, 1, "the log is keyed by session id again");
    db.close().await.expect("close");

    app.boot().await;
    // Both logs, read back from their positions, fold to the same state.
    let after_a = app.snapshot(&a.session_id, &a.facilitator_token).await;
    let after_b = app.snapshot(&b.session_id, &b.facilitator_token).await;
    assert_eq!(
        (after_a.seq, &after_a.state),
        (before_a.seq, &before_a.state)
    );
    assert_eq!(
        (after_b.seq, &after_b.state),
        (before_b.seq, &before_b.state)
    );
    // Retries answer as the first attempts did (facilitator's and participant's
    // keys, recorded as text before the upgrade), and the participants' tokens
    // still work.
    for k in &keyed {
        let (status, again) = app
            .command_raw(&k.session, &k.token, k.command.clone(), Some(&k.key))
            .await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again, k.first, "retry of {}", k.key);
    }
    assert_eq!(
        app.snapshot(&a.session_id, &a.facilitator_token).await.seq,
        before_a.seq,
        "retries changed nothing"
    );
    // New commands append after each log, and a new session gets a range of its
    // own: nothing lands in another session's log.
    let c = app.create_session("Upgrade C", Settings::default()).await;
    let next = app
        .command(
            &b.session_id,
            &b.facilitator_token,
            Command::SetPhase { phase: Phase::Pick },
        )
        .await;
    assert_eq!(next.seq, before_b.seq + 1);
    app.command(&c.session_id, &c.facilitator_token, problems.clone())
        .await;
    app.restart().await;
    assert_eq!(
        app.snapshot(&a.session_id, &a.facilitator_token).await.seq,
        before_a.seq
    );
    assert_eq!(
        app.snapshot(&b.session_id, &b.facilitator_token).await.seq,
        before_b.seq + 1
    );
    let c_after = app.snapshot(&c.session_id, &c.facilitator_token).await;
    assert_eq!(c_after.seq, 2);
    assert_eq!(c_after.state.phase, Phase::Problems);
}

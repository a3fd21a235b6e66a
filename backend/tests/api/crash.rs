//! Crash durability: an acknowledged command (2xx) is never lost, not even when the
//! server dies by `kill -9` in the middle of a burst of writes.
//!
//! The real `summit` binary runs as a child process on a temporary SQLite file.
//! Each round, several participants submit problems concurrently (unique texts,
//! unique idempotency keys) until the server is SIGKILLed at a random moment. Then:
//!
//! - in the file as the crash left it: `PRAGMA integrity_check` is `ok`, the log is
//!   gap-free, and the event at every acknowledged seq is that command's problem;
//! - after a restart on the same file: the facilitator's snapshot holds every
//!   acknowledged problem exactly once and no refused one, and its seq is the number
//!   of events in the log;
//! - commands whose outcome the client never learned (connection cut by the kill)
//!   are retried with the same idempotency key: each lands exactly once, whether or
//!   not it was committed before the kill; a few acknowledged ones are retried too
//!   and must answer with their original seq without adding anything.
//!
//! The kill schedule is seeded: set `SUMMIT_CRASH_SEED` to replay it (what is in
//! flight at each kill still depends on timing).
//!
//! What this cannot see: power loss. After `kill -9` the operating system still
//! holds whatever the process wrote, so `synchronous = FULL` versus `OFF` makes no
//! difference here; it only shows that a 2xx is sent after the commit, that the
//! commit holds everything the answer promises, and that recovery is clean.

use crate::common;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use summit_shared::api::{
    paths, CommandAccepted, CommandRequest, JoinRequest, Joined, SessionCreated, Snapshot,
};
use summit_shared::{Command, DepartmentId, Event, Phase, SessionId, SessionSetup, Settings};

/// Kill-and-restart cycles.
const ROUNDS: usize = 24;
/// Concurrent writers, one participant each.
const CLIENTS: usize = 8;
/// How long the writers run before the kill.
const KILL_AFTER_MS: std::ops::RangeInclusive<u64> = 20..=300;
/// Acknowledged commands re-sent with their key after each restart.
const ACK_RETRIES_PER_ROUND: usize = 4;
const DEFAULT_SEED: u64 = 0x5EED_C0FFEE;
/// The whole test fails instead of hanging past this.
const TEST_BUDGET: Duration = Duration::from_secs(150);
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// The server as a child process.

/// The running binary. Dropping it kills the process, so no test failure leaves a
/// server behind; if the test is panicking, the tail of the server's log is shown.
struct Server {
    child: Child,
    base: String,
    http: reqwest::Client,
    log: PathBuf,
}

impl Server {
    /// Starts `summit` on a free port of 127.0.0.1 and waits for its URL line.
    async fn start(dir: &Path, db: &Path) -> Server {
        let log = dir.join("server.log");
        let stderr = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("server log");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_summit"))
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--database-url")
            .arg(format!("sqlite://{}", db.display()))
            .arg("--assets")
            .arg(dir.join("no-assets"))
            // Each writer submits far more problems than a person would.
            .args(["--max-problems-per-participant", "1000000"])
            .args(["--max-cards", "1000000"])
            .env("RUST_LOG", "summit_backend=info,tower_http=warn")
            .env_remove("SUMMIT_FRAME_ANCESTORS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn the summit binary");
        let stdout = child.stdout.take().expect("piped stdout");
        let http = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("http client");
        // From here on, a failure kills the child through the guard.
        let mut server = Server {
            child,
            base: String::new(),
            http,
            log,
        };

        // Read stdout on a thread until the URL line; keep draining it until the
        // process dies (EOF), so the pipe never fills or breaks under the server.
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("Summit is running at ").nth(1) {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(rest.trim().trim_end_matches('/').to_owned());
                    }
                }
            }
        });
        let base = match tokio::time::timeout(STARTUP_TIMEOUT, rx).await {
            Ok(Ok(base)) => base,
            Ok(Err(_)) => panic!(
                "summit exited before listening: {:?}",
                server.child.try_wait()
            ),
            Err(_) => panic!("summit did not print its URL within {STARTUP_TIMEOUT:?}"),
        };
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "listening on loopback only: {base}"
        );
        server.base = base;
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `kill -9`: `Child::kill` sends SIGKILL on Unix (checked on the exit status).
    fn kill9(&mut self) -> ExitStatus {
        self.child.kill().expect("kill the server");
        self.child.wait().expect("reap the server")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            if let Ok(log) = std::fs::read_to_string(&self.log) {
                let lines: Vec<&str> = log.lines().collect();
                let tail = &lines[lines.len().saturating_sub(40)..];
                eprintln!("--- summit log (last lines) ---\n{}", tail.join("\n"));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Commands and what became of them.

#[derive(Clone, Debug)]
enum Outcome {
    /// 2xx. `seq` is `None` if the body could not be read (the kill cut it off):
    /// the status alone already promises the commit.
    Acked { seq: Option<u64> },
    /// 4xx: refused, so never applied.
    Refused(StatusCode),
    /// No answer (connection cut, refused, timed out) or a 5xx: may or may not
    /// have been applied.
    Unknown(String),
}

#[derive(Clone, Debug)]
struct Sent {
    client: usize,
    text: String,
    key: String,
    outcome: Outcome,
}

async fn submit_problem(
    server_http: &reqwest::Client,
    url: &str,
    token: &str,
    text: &str,
    key: &str,
) -> Outcome {
    let request = CommandRequest {
        command: Command::SubmitProblem { text: text.into() },
        idempotency_key: Some(key.into()),
    };
    let res = match server_http
        .post(url)
        .bearer_auth(token)
        .json(&request)
        .send()
        .await
    {
        Ok(res) => res,
        Err(e) => return Outcome::Unknown(e.to_string()),
    };
    let status = res.status();
    if status.is_success() {
        let seq = match res.json::<CommandAccepted>().await {
            Ok(accepted) => {
                let seq = accepted.seq;
                let own = accepted.events.iter().any(|e| {
                    e.seq == seq
                        && matches!(&e.event, Event::ProblemSubmitted { problem } if problem.text == text)
                });
                assert!(own, "the answer to {key} carries its problem: {accepted:?}");
                Some(seq)
            }
            Err(_) => None,
        };
        Outcome::Acked { seq }
    } else if status.is_client_error() {
        Outcome::Refused(status)
    } else {
        Outcome::Unknown(format!("status {status}"))
    }
}

/// One writer: submits problems back to back until told to stop or the server
/// stops answering.
async fn writer(
    http: reqwest::Client,
    url: String,
    token: String,
    client: usize,
    round: usize,
    stop: Arc<AtomicBool>,
) -> Vec<Sent> {
    let mut sent = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        let text = format!("c{client}-r{round}-n{n}");
        let key = format!("key-{text}");
        n += 1;
        let outcome = submit_problem(&http, &url, &token, &text, &key).await;
        let done = matches!(outcome, Outcome::Unknown(_));
        let throttled = matches!(outcome, Outcome::Refused(StatusCode::TOO_MANY_REQUESTS));
        sent.push(Sent {
            client,
            text,
            key,
            outcome,
        });
        if done {
            break;
        }
        if throttled {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    sent
}

/// Everything the clients were told, across all rounds.
#[derive(Default)]
struct Ledger {
    /// Text → (client, key, seq) of every acknowledged problem.
    acked: BTreeMap<String, (usize, String, Option<u64>)>,
    /// Texts of refused commands: they must never show up.
    refused: HashSet<String>,
    sent: usize,
    throttled: usize,
    unknown: usize,
    /// Unknown-outcome commands found already committed when retried.
    committed_unanswered: usize,
    server_errors: Vec<String>,
}

impl Ledger {
    fn ack(&mut self, client: usize, text: &str, key: &str, seq: Option<u64>) {
        let previous = self
            .acked
            .insert(text.to_owned(), (client, key.to_owned(), seq));
        assert!(previous.is_none(), "{text} acknowledged twice");
    }
}

// ---------------------------------------------------------------------------
// Checks.

/// The log straight from the file: integrity, gap-free seqs, every acknowledged
/// problem at its seq, exactly once, and no problem but those acknowledged or
/// `pending` (sent, outcome unknown). Answers with the event count. Opened
/// read-only so the crash state is inspected, not repaired.
async fn check_file(
    db: &Path,
    session: &SessionId,
    ledger: &Ledger,
    pending: &HashSet<String>,
    when: &str,
) -> u64 {
    let options = SqliteConnectOptions::new().filename(db).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .expect("open the database file");
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .expect("integrity_check");
    assert_eq!(integrity, ["ok"], "{when}: integrity_check");
    let rows = sqlx::query(common::SQLITE_SESSION_LOG)
        .bind(&session.0)
        .fetch_all(&mut conn)
        .await
        .expect("read the log");
    conn.close().await.expect("close");

    let mut texts: HashMap<String, Vec<u64>> = HashMap::new();
    let mut by_seq: HashMap<u64, String> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let seq = row.get::<i64, _>(0) as u64;
        assert_eq!(
            seq,
            i as u64 + 1,
            "{when}: the log has a gap or starts late"
        );
        let event: Event = serde_json::from_str(&row.get::<String, _>(1))
            .unwrap_or_else(|e| panic!("{when}: event {seq} does not parse: {e}"));
        if let Event::ProblemSubmitted { problem } = event {
            texts.entry(problem.text.clone()).or_default().push(seq);
            by_seq.insert(seq, problem.text);
        }
    }
    for (text, seqs) in &texts {
        assert_eq!(
            seqs.len(),
            1,
            "{when}: {text} is in the log twice: {seqs:?}"
        );
    }
    for (text, (_, key, seq)) in &ledger.acked {
        assert!(
            texts.contains_key(text),
            "{when}: acknowledged {text} ({key}, seq {seq:?}) is lost from the log"
        );
        if let Some(seq) = seq {
            assert_eq!(
                by_seq.get(seq),
                Some(text),
                "{when}: acknowledged seq {seq} does not hold {text}"
            );
        }
    }
    for text in &ledger.refused {
        assert!(
            !texts.contains_key(text),
            "{when}: refused {text} was applied"
        );
    }
    let extra: Vec<_> = texts
        .keys()
        .filter(|t| !ledger.acked.contains_key(*t) && !pending.contains(*t))
        .collect();
    assert!(extra.is_empty(), "{when}: problems nobody sent: {extra:?}");
    rows.len() as u64
}

async fn snapshot(server: &Server, session: &SessionId, token: &str) -> Snapshot {
    let res = server
        .http
        .get(server.url(&paths::session(session)))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET snapshot");
    assert_eq!(res.status(), StatusCode::OK, "snapshot");
    res.json().await.expect("snapshot json")
}

/// The facilitator's view: every acknowledged problem once, nothing refused,
/// nothing but acknowledged or `pending` ones, and the seq is the log's length.
async fn check_snapshot(
    server: &Server,
    session: &SessionId,
    facilitator: &str,
    ledger: &Ledger,
    pending: &HashSet<String>,
    events_in_file: u64,
    when: &str,
) {
    let snap = snapshot(server, session, facilitator).await;
    assert_eq!(snap.state.phase, Phase::Problems, "{when}: phase");
    let mut count: HashMap<&str, usize> = HashMap::new();
    for p in snap.state.problems.values() {
        *count.entry(p.text.as_str()).or_default() += 1;
    }
    let dupes: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dupes.is_empty(), "{when}: duplicated problems {dupes:?}");
    for (text, (_, key, seq)) in &ledger.acked {
        assert!(
            count.contains_key(text.as_str()),
            "{when}: acknowledged {text} ({key}, seq {seq:?}) is missing from the snapshot"
        );
    }
    for text in &ledger.refused {
        assert!(
            !count.contains_key(text.as_str()),
            "{when}: refused {text} shows"
        );
    }
    let extra: Vec<_> = count
        .keys()
        .filter(|t| !ledger.acked.contains_key(**t) && !pending.contains(**t))
        .collect();
    assert!(extra.is_empty(), "{when}: problems nobody sent: {extra:?}");
    let landed = pending.iter().filter(|t| count.contains_key(t.as_str()));
    assert_eq!(
        snap.seq, events_in_file,
        "{when}: snapshot seq vs events in the log"
    );
    // Session created, the joins, the move to Problems, then one event per problem.
    let expected = 1 + CLIENTS as u64 + 1 + ledger.acked.len() as u64 + landed.count() as u64;
    assert_eq!(
        snap.seq, expected,
        "{when}: events vs acknowledged commands"
    );
}

// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_commands_survive_kill_9() {
    let seed = std::env::var("SUMMIT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    eprintln!("crash test seed {seed} (set SUMMIT_CRASH_SEED to replay the kill schedule)");
    tokio::time::timeout(TEST_BUDGET, run(seed))
        .await
        .unwrap_or_else(|_| panic!("crash test exceeded {TEST_BUDGET:?} (seed {seed})"));
}

async fn run(seed: u64) {
    let started = Instant::now();
    // The kill schedule is drawn up front so a seed replays it whatever happens;
    // later draws (which acknowledged commands to retry) depend on the outcomes.
    let mut rng = StdRng::seed_from_u64(seed);
    let kill_delays: Vec<u64> = (0..ROUNDS).map(|_| rng.gen_range(KILL_AFTER_MS)).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("summit.db");
    let mut server = Server::start(dir.path(), &db).await;

    // A session in the Problems phase with CLIENTS participants.
    let res = server
        .http
        .post(server.url(paths::sessions()))
        .json(&SessionSetup {
            title: "Crash summit".into(),
            departments: vec!["Marketing".into(), "Customer Service".into()],
            settings: Settings::default(),
            carry_from: None,
        })
        .send()
        .await
        .expect("create session");
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: SessionCreated = res.json().await.expect("SessionCreated");
    let sid = created.session_id.clone();
    let fac = created.facilitator_token.clone();
    let mut tokens = Vec::new();
    for c in 0..CLIENTS {
        let res = server
            .http
            .post(server.url(&paths::participants(&sid)))
            .json(&JoinRequest {
                name: format!("Writer {c}"),
                department: DepartmentId(1 + (c % 2) as u32),
            })
            .send()
            .await
            .expect("join");
        assert_eq!(res.status(), StatusCode::CREATED, "join {c}");
        tokens.push(res.json::<Joined>().await.expect("Joined").token);
    }
    let res = server
        .http
        .post(server.url(&paths::commands(&sid)))
        .bearer_auth(&fac)
        .json(&CommandRequest {
            command: Command::SetPhase {
                phase: Phase::Problems,
            },
            idempotency_key: Some("phase-problems".into()),
        })
        .send()
        .await
        .expect("set phase");
    assert_eq!(res.status(), StatusCode::OK, "set_phase problems");

    let mut ledger = Ledger::default();
    // Acknowledged on the first try, per round.
    let mut acked_per_round = Vec::new();
    for (round, &kill_after) in kill_delays.iter().enumerate() {
        // Writers hammer the server until the kill.
        let stop = Arc::new(AtomicBool::new(false));
        let commands_url = server.url(&paths::commands(&sid));
        let writers: Vec<_> = (0..CLIENTS)
            .map(|c| {
                tokio::spawn(writer(
                    server.http.clone(),
                    commands_url.clone(),
                    tokens[c].clone(),
                    c,
                    round,
                    stop.clone(),
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(kill_after)).await;
        // Writers start nothing new after this, but what is in flight stays there.
        stop.store(true, Ordering::SeqCst);
        let status = server.kill9();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "the server died by SIGKILL");
        }
        #[cfg(not(unix))]
        let _ = status;

        let mut unknown = Vec::new();
        let acked_before = ledger.acked.len();
        for handle in writers {
            let sent = tokio::time::timeout(Duration::from_secs(15), handle)
                .await
                .expect("writers stop after the kill")
                .expect("writer task");
            for s in sent {
                ledger.sent += 1;
                match &s.outcome {
                    Outcome::Acked { seq } => ledger.ack(s.client, &s.text, &s.key, *seq),
                    Outcome::Refused(status) => {
                        if *status == StatusCode::TOO_MANY_REQUESTS {
                            ledger.throttled += 1;
                        } else {
                            panic!("{} refused with {status}", s.text);
                        }
                        ledger.refused.insert(s.text.clone());
                    }
                    Outcome::Unknown(why) => {
                        ledger.unknown += 1;
                        if why.starts_with("status") {
                            ledger.server_errors.push(format!("{}: {why}", s.text));
                        }
                        unknown.push(s);
                    }
                }
            }
        }

        acked_per_round.push(ledger.acked.len() - acked_before);

        // The file exactly as the crash left it.
        let when = format!("round {round} after kill (seed {seed})");
        let pending: HashSet<String> = unknown.iter().map(|s| s.text.clone()).collect();
        let in_file = check_file(&db, &sid, &ledger, &pending, &when).await;

        // Restart on the same file: everything acknowledged is there.
        server = Server::start(dir.path(), &db).await;
        let when = format!("round {round} after restart (seed {seed})");
        check_snapshot(&server, &sid, &fac, &ledger, &pending, in_file, &when).await;

        // Unknown outcomes, retried with the same key, land exactly once.
        let commands_url = server.url(&paths::commands(&sid));
        for s in unknown {
            let outcome = submit_problem(
                &server.http,
                &commands_url,
                &tokens[s.client],
                &s.text,
                &s.key,
            )
            .await;
            let Outcome::Acked { seq: Some(seq) } = outcome else {
                panic!("{when}: retry of {} ({}) → {outcome:?}", s.text, s.key);
            };
            if seq <= in_file {
                ledger.committed_unanswered += 1;
            }
            ledger.ack(s.client, &s.text, &s.key, Some(seq));
        }
        // Acknowledged commands, retried with their key: same seq, no new event
        // (and those whose answer was cut off learn their seq).
        let mut retry: Vec<String> = ledger
            .acked
            .iter()
            .filter(|(_, (_, _, seq))| seq.is_none())
            .map(|(text, _)| text.clone())
            .collect();
        let all: Vec<&String> = ledger.acked.keys().collect();
        for _ in 0..ACK_RETRIES_PER_ROUND.min(all.len()) {
            retry.push(all[rng.gen_range(0..all.len())].clone());
        }
        for text in retry {
            let (client, key, seq) = ledger.acked[&text].clone();
            let outcome =
                submit_problem(&server.http, &commands_url, &tokens[client], &text, &key).await;
            let Outcome::Acked { seq: Some(again) } = outcome else {
                panic!("{when}: retry of acknowledged {text} ({key}) → {outcome:?}");
            };
            if let Some(seq) = seq {
                assert_eq!(
                    again, seq,
                    "{when}: retried {key} answers with its first seq"
                );
            }
            ledger.acked.get_mut(&text).expect("acked").2 = Some(again);
        }

        let when = format!("round {round} after retries (seed {seed})");
        let none = HashSet::new();
        let in_file = check_file(&db, &sid, &ledger, &none, &when).await;
        check_snapshot(&server, &sid, &fac, &ledger, &none, in_file, &when).await;
    }

    // One last crash, then a final look at the file with the server gone.
    server.kill9();
    let final_count = check_file(&db, &sid, &ledger, &HashSet::new(), "final").await;
    assert_eq!(
        final_count,
        1 + CLIENTS as u64 + 1 + ledger.acked.len() as u64
    );

    assert!(
        ledger.unknown > 0,
        "no kill ever landed with a command in flight"
    );
    eprintln!(
        "crash test: {ROUNDS} kills in {:.1?}; {} commands sent: {} acknowledged at once, \
         {} throttled, {} without answer (retried: {} had been committed before the kill); \
         5xx: {:?}; problems in the log: {}\n  kill delays (ms): {kill_delays:?}\n  \
         acknowledged per round: {acked_per_round:?}",
        started.elapsed(),
        ledger.sent,
        acked_per_round.iter().sum::<usize>(),
        ledger.throttled,
        ledger.unknown,
        ledger.committed_unanswered,
        ledger.server_errors,
        ledger.acked.len(),
    );
}

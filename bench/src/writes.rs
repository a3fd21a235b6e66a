//! Durable write throughput: many keep-alive connections send votes to ONE session
//! on Summit's SQLite store (shipped durability settings), and the same load
//! generator drives (a) a bare axum endpoint that only deserializes the body, the
//! HTTP limit; and (b) is compared with a plain loop of single-row commits, the
//! one-fsync-per-vote floor.
//!
//! Why rounds and slices: on a shared VM the speed of the host moves by ±10–20 %
//! within tens of seconds, more than the margin the target is judged on. Each round
//! starts a fresh Summit (new file, empty log) and bare axum side by side (both on
//! the server core, only one under load at a time), and each level's measured time
//! is cut into slices that alternate between the two in ABBA order (Summit, bare,
//! bare, Summit, …). Both servers then see the same host, slice by slice, and a
//! drift of the host's speed during the level falls on both alike. A round's ratio is
//! Summit's votes over bare axum's requests in the same total time; the verdict is
//! the median over rounds, with every round's ratio shown.

use serde::Serialize;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use summit_bench::http::{post_json, Conn};
use summit_bench::proc::{key_for, loadavg, sibling, CoreTimes, Server, Usage, UsageDelta};
use summit_bench::room::Room;
use summit_bench::stats::Summary;

#[derive(clap::Args)]
pub struct Args {
    /// Concurrent keep-alive connections, one level per run (one voter per connection).
    #[arg(long, value_delimiter = ',', default_value = "64,256")]
    conns: Vec<usize>,
    /// Seconds of load before measuring, at each level.
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Seconds measured at each level, per server.
    #[arg(long, default_value_t = 10.0)]
    secs: f64,
    /// Slices the measured seconds are cut into, alternating between Summit and bare
    /// axum (1 to 16; 1 measures each server in one stretch, one after the other).
    #[arg(long, default_value_t = 5)]
    slices: usize,
    /// Rounds of Summit then bare axum (a fresh Summit each round); ratios are
    /// per round, and the verdict is their median.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Seconds of the single-row-commit loop.
    #[arg(long, default_value_t = 10.0)]
    floor_secs: f64,
    /// Core (taskset list) for the servers and the SQLite loop.
    #[arg(long, default_value = "0")]
    server_cpu: String,
    /// Send commands without an idempotency key (the browser always sends one).
    #[arg(long)]
    no_idempotency_key: bool,
    /// Which parts to run.
    #[arg(long, value_delimiter = ',', default_value = "summit,bare,floor")]
    only: Vec<String>,
    /// The Summit server binary (default: next to this one).
    #[arg(long)]
    summit: Option<PathBuf>,
    /// Directory for the databases (default: a fresh one under $TMPDIR).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Record a CPU profile of each server during each measured window
    /// (`perf record -e cpu-clock -g`), into DIR/<server>-<conns>.perf.data.
    #[arg(long)]
    perf_dir: Option<PathBuf>,
}

/// A fresh directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(base: Option<PathBuf>, tag: &str) -> io::Result<Scratch> {
        let base = base.unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("summit-bench-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Summit's flags for benchmarks: SQLite or PostgreSQL, limits out of the way.
pub fn summit_args(database_url: &str) -> Vec<String> {
    [
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        database_url,
        "--assets",
        "/nonexistent",
        "--command-rate",
        "1e9",
        "--join-rate",
        "1e9",
        "--streams-per-participant",
        "100000",
        "--max-participants",
        "100000",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[derive(Serialize, Clone)]
pub struct Level {
    pub server: String,
    /// Which round (from 1) this level was measured in.
    pub round: usize,
    pub conns: usize,
    pub secs: f64,
    pub ok: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub per_second: f64,
    /// Requests per second in each slice, in the order they ran.
    pub slices_per_second: Vec<f64>,
    /// Request latency at the client, microseconds.
    pub latency_us: Summary,
    pub server_usage: UsageDelta,
    pub loadgen_usage: UsageDelta,
    /// Server CPU microseconds per accepted request.
    pub server_cpu_us_per_request: f64,
    pub server_syscalls_per_request: f64,
    pub server_ctx_switches_per_request: f64,
    /// Bytes the server wrote (sockets + files) and sent to storage, per request.
    pub server_write_bytes_per_request: f64,
    pub server_storage_bytes_per_request: f64,
    pub server_rss_kb_after: u64,
    /// Busy % of each core (all processes, including interrupt time) in the window.
    pub core_busy_percent: Vec<f64>,
}

#[derive(Default)]
struct Tally {
    ok: u64,
    errors: u64,
    first_error: Option<String>,
    latencies: Vec<i64>,
}

/// Key number of connection 0's first command at a level: process id (18 bits),
/// round (4 bits), level (10 bits), then connection (10 bits) and command (22 bits:
/// the slice in the top 4, the command within the slice below) are added.
fn key_base(conns: usize, round: usize) -> u64 {
    (u64::from(std::process::id()) & 0x3ffff) << 46
        | (round as u64 & 0xf) << 42
        | (conns as u64 & 0x3ff) << 32
}

/// Where the slice number sits in a command's 22 bits: 2^18 commands per connection
/// and slice, far above what one connection sends in a slice.
const SLICE_SHIFT: u32 = 18;
const MAX_SLICES: usize = 16;
/// Load before a later slice's measured window: connections are opened again and
/// back at full speed well within it.
const SETTLE_SECS: f64 = 0.5;

/// How long to load, and how each request looks.
#[derive(Clone, Copy)]
struct Plan<'a> {
    round: usize,
    warmup: f64,
    secs: f64,
    slices: usize,
    keys: bool,
    perf_dir: Option<&'a std::path::Path>,
}

/// One stretch of load on one server, to be summed with its other slices.
struct Slice {
    secs: f64,
    tally: Tally,
    server_usage: UsageDelta,
    loadgen_usage: UsageDelta,
    core_busy_percent: Vec<f64>,
}

/// Drives `conns` connections (token `tokens[i]` on connection i) for
/// `warmup + secs` seconds, counting only the last `secs`.
#[allow(clippy::too_many_arguments)]
async fn load_slice(
    server: &Server,
    path: &str,
    tokens: &[String],
    conns: usize,
    plan: Plan<'_>,
    slice: usize,
    warmup: f64,
    secs: f64,
) -> io::Result<Slice> {
    let Plan {
        round,
        keys,
        perf_dir,
        ..
    } = plan;
    let addr = server.addr;
    let start = Instant::now() + Duration::from_millis(200);
    let from = start + Duration::from_secs_f64(warmup);
    let until = from + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    // Keys look like the browser's (random 32 hex digits) and never repeat across
    // levels or runs: a repeated key is a retry, answered from the log.
    let run = key_base(conns, round);
    for (c, token) in tokens.iter().take(conns).enumerate() {
        let path = path.to_owned();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut conn = match Conn::connect(addr).await {
                Ok(conn) => conn,
                Err(e) => {
                    tally.errors += 1;
                    tally.first_error = Some(format!("connect: {e}"));
                    return tally;
                }
            };
            tokio::time::sleep_until(start.into()).await;
            // Each slice numbers its commands from its own base: keys never repeat.
            let mut i: u64 = (slice as u64) << SLICE_SHIFT;
            loop {
                let t0 = Instant::now();
                if t0 >= until {
                    break;
                }
                let kind = if i.is_multiple_of(2) {
                    "cast_vote"
                } else {
                    "retract_vote"
                };
                let body = if keys {
                    format!(
                        r#"{{"command":{{"type":"{kind}","idea":1}},"idempotency_key":"{}"}}"#,
                        key_for(run | (c as u64) << 22 | i)
                    )
                } else {
                    format!(r#"{{"command":{{"type":"{kind}","idea":1}}}}"#)
                };
                let request = post_json(conn.host(), &path, Some(&token), &body);
                let result = conn.send(&request).await;
                let t1 = Instant::now();
                let counted = t1 >= from && t1 <= until;
                match result {
                    Ok(r) if r.is_success() => {
                        if counted {
                            tally.ok += 1;
                            tally.latencies.push((t1 - t0).as_micros() as i64);
                        }
                    }
                    Ok(r) => {
                        tally.errors += 1;
                        tally
                            .first_error
                            .get_or_insert_with(|| format!("{} {}", r.status, r.text()));
                    }
                    Err(e) => {
                        tally.errors += 1;
                        tally.first_error.get_or_insert_with(|| e.to_string());
                        match Conn::connect(addr).await {
                            Ok(fresh) => conn = fresh,
                            Err(_) => break,
                        }
                    }
                }
                i += 1;
            }
            tally
        }));
    }
    // Counters sampled at the edges of the measured window.
    tokio::time::sleep_until(from.into()).await;
    let (server0, self0, cores0) = (server.usage(), Usage::of_self(), CoreTimes::now());
    // A profile covers the first slice.
    let perf = perf_dir.filter(|_| slice == 0).and_then(|dir| {
        let out = dir.join(format!("{}-{conns}-{round}.perf.data", server.name));
        summit_bench::proc::perf_record(server.pid(), secs, &out)
    });
    tokio::time::sleep_until(until.into()).await;
    let (server1, self1, cores1) = (server.usage(), Usage::of_self(), CoreTimes::now());
    if let Some(mut perf) = perf {
        let _ = perf.wait().await;
    }
    let mut tally = Tally::default();
    for task in tasks {
        let t = task.await.map_err(io::Error::other)?;
        tally.ok += t.ok;
        tally.errors += t.errors;
        if tally.first_error.is_none() {
            tally.first_error = t.first_error;
        }
        tally.latencies.extend(t.latencies);
    }
    Ok(Slice {
        secs,
        tally,
        server_usage: server1.since(&server0),
        loadgen_usage: self1.since(&self0),
        core_busy_percent: cores1.busy_since(&cores0),
    })
}

/// One server's slices at one level, summed.
fn level_of(server: &Server, round: usize, conns: usize, slices: Vec<Slice>) -> Level {
    let mut total = Tally::default();
    let mut secs = 0.0;
    let mut server_usage = UsageDelta::default();
    let mut loadgen_usage = UsageDelta::default();
    let mut busy: Vec<f64> = Vec::new();
    let mut slices_per_second = Vec::new();
    for slice in &slices {
        slices_per_second.push(slice.tally.ok as f64 / slice.secs);
        secs += slice.secs;
        server_usage += slice.server_usage;
        loadgen_usage += slice.loadgen_usage;
        // Slices are equally long: the level's busy share is their mean.
        busy.resize(busy.len().max(slice.core_busy_percent.len()), 0.0);
        for (sum, b) in busy.iter_mut().zip(&slice.core_busy_percent) {
            *sum += b / slices.len() as f64;
        }
    }
    for slice in slices {
        total.ok += slice.tally.ok;
        total.errors += slice.tally.errors;
        if total.first_error.is_none() {
            total.first_error = slice.tally.first_error;
        }
        total.latencies.extend(slice.tally.latencies);
    }
    let ok = total.ok.max(1) as f64;
    Level {
        server: server.name.clone(),
        round,
        conns,
        secs,
        ok: total.ok,
        errors: total.errors,
        first_error: total.first_error,
        per_second: total.ok as f64 / secs.max(f64::MIN_POSITIVE),
        slices_per_second,
        latency_us: Summary::of(&mut total.latencies),
        server_usage,
        loadgen_usage,
        server_cpu_us_per_request: server_usage.cpu_s * 1e6 / ok,
        server_syscalls_per_request: server_usage.syscalls as f64 / ok,
        server_ctx_switches_per_request: server_usage.ctx_switches as f64 / ok,
        server_write_bytes_per_request: server_usage.wchar as f64 / ok,
        server_storage_bytes_per_request: server_usage.write_bytes as f64 / ok,
        server_rss_kb_after: server.rss_kb(),
        core_busy_percent: busy,
    }
}

#[derive(Serialize)]
struct WritesResult {
    load_average_1m: f64,
    idempotency_keys: bool,
    levels: Vec<Level>,
    floor: Option<serde_json::Value>,
    retry: Option<RetryCost>,
    /// Durable/bare ratio per level: every round's, and their median.
    ratios: Vec<Ratios>,
}

#[derive(Serialize)]
struct Ratios {
    conns: usize,
    per_round_percent: Vec<f64>,
    median_percent: f64,
    rounds_at_target: usize,
}

/// What a client's retry (same idempotency key) costs against a fresh command, with
/// the whole benchmark's log behind it: the server answers a retry from its own
/// range of the log, whatever the log's length (BENCHMARKS.md, F4). The command
/// retried is sent just before: a session remembers each sender's newest keys.
#[derive(Serialize)]
struct RetryCost {
    log_events: u64,
    retry_ms: Summary,
    fresh_command_ms: Summary,
}

/// Sends one command: how long its answer took (µs), and the answer.
async fn timed(conn: &mut Conn, path: &str, token: &str, body: &str) -> io::Result<(i64, String)> {
    let request = post_json(conn.host(), path, Some(token), body);
    let t0 = Instant::now();
    let r = conn.send(&request).await?;
    if !r.is_success() {
        return Err(io::Error::other(format!("{} {}", r.status, r.text())));
    }
    Ok((t0.elapsed().as_micros() as i64, r.text()))
}

async fn retry_cost(server: &Server, room: &Room, log_events: u64) -> io::Result<RetryCost> {
    let mut conn = Conn::connect(server.addr).await?;
    let path = room.commands_path();
    let token = &room.voters[0];
    let pid = std::process::id();
    let original = format!(
        r#"{{"command":{{"type":"cast_vote","idea":1}},"idempotency_key":"retry-check-{pid}"}}"#
    );
    let (_, first_answer) = timed(&mut conn, &path, token, &original).await?;
    let mut retry = Vec::new();
    let mut fresh = Vec::new();
    for i in 0..20 {
        let (micros, answer) = timed(&mut conn, &path, token, &original).await?;
        if answer != first_answer {
            return Err(io::Error::other(format!(
                "a retry answered {answer}, the first attempt {first_answer}"
            )));
        }
        retry.push(micros);
        for kind in ["retract_vote", "cast_vote"] {
            let body = format!(
                r#"{{"command":{{"type":"{kind}","idea":1}},"idempotency_key":"retry-check-{pid}-{i}-{kind}"}}"#
            );
            fresh.push(timed(&mut conn, &path, token, &body).await?.0);
        }
    }
    let cost = RetryCost {
        log_events,
        retry_ms: Summary::of(&mut retry).scaled(1e3),
        fresh_command_ms: Summary::of(&mut fresh).scaled(1e3),
    };
    println!(
        "retry    idempotent retry of a command: p50 {:.2} ms (log of {log_events} events); a fresh command: p50 {:.2} ms",
        cost.retry_ms.p50, cost.fresh_command_ms.p50
    );
    Ok(cost)
}

/// A server under test and how to send it votes.
struct Target<'a> {
    server: &'a Server,
    path: String,
    tokens: &'a [String],
}

/// Measures every target at one level: a warm-up each, then `plan.slices` slices
/// per target, alternating in ABBA order so a steady drift of the host's speed
/// falls on all of them alike.
async fn measure_level(
    targets: &[Target<'_>],
    conns: usize,
    plan: Plan<'_>,
) -> io::Result<Vec<Level>> {
    let slice_secs = plan.secs / plan.slices as f64;
    let mut slices: Vec<Vec<Slice>> = targets.iter().map(|_| Vec::new()).collect();
    for k in 0..plan.slices {
        let order: Vec<usize> = if k % 2 == 0 {
            (0..targets.len()).collect()
        } else {
            (0..targets.len()).rev().collect()
        };
        for t in order {
            let target = &targets[t];
            let warmup = if k == 0 { plan.warmup } else { SETTLE_SECS };
            let slice = load_slice(
                target.server,
                &target.path,
                target.tokens,
                conns,
                plan,
                k,
                warmup,
                slice_secs,
            )
            .await?;
            slices[t].push(slice);
        }
    }
    Ok(targets
        .iter()
        .zip(slices)
        .map(|(target, slices)| level_of(target.server, plan.round, conns, slices))
        .collect())
}

fn print_level(l: &Level) {
    println!(
        "{:<8} r{} {:>5} conns  {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  errors {:>4}  server CPU {:>5.1}% ({:.1} µs/req, {:.1} read/write syscalls/req, {:.1} context switches/req, {:.0} B written/req)  load-gen CPU {:>5.1}%  cores busy {:.0?}%",
        l.server,
        l.round,
        l.conns,
        l.per_second,
        l.latency_us.p50 / 1e3,
        l.latency_us.p99 / 1e3,
        l.latency_us.max / 1e3,
        l.errors,
        l.server_usage.cpu_percent(),
        l.server_cpu_us_per_request,
        l.server_syscalls_per_request,
        l.server_ctx_switches_per_request,
        l.server_write_bytes_per_request,
        l.loadgen_usage.cpu_percent(),
        l.core_busy_percent,
    );
    if l.slices_per_second.len() > 1 {
        let rates: Vec<String> = l
            .slices_per_second
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect();
        println!("         slices (req/s, in order): {}", rates.join(" "));
    }
    if let Some(e) = &l.first_error {
        println!("         first error: {e}");
    }
}

pub async fn run(args: Args) -> io::Result<()> {
    let keys = !args.no_idempotency_key;
    if !(1..=MAX_SLICES).contains(&args.slices) {
        return Err(io::Error::other(format!(
            "--slices must be 1 to {MAX_SLICES}"
        )));
    }
    let plan = Plan {
        round: 1,
        warmup: args.warmup,
        secs: args.secs,
        slices: args.slices,
        keys,
        perf_dir: args.perf_dir.as_deref(),
    };
    let cpu = Some(args.server_cpu.as_str());
    let max_conns = args.conns.iter().copied().max().unwrap_or(64);
    let mut result = WritesResult {
        load_average_1m: loadavg(),
        idempotency_keys: keys,
        levels: Vec::new(),
        floor: None,
        retry: None,
        ratios: Vec::new(),
    };
    let rounds = args.rounds.max(1);
    println!(
        "durable writes: levels {:?}, {} s warm-up + {} s each, {rounds} round(s), idempotency keys: {keys}, load average {:.2}",
        args.conns, args.warmup, args.secs, result.load_average_1m
    );
    let only = |part: &str| args.only.iter().any(|o| o == part);

    for round in 1..=rounds {
        let plan = Plan { round, ..plan };
        // Both servers of a round run side by side; only one is under load at a time.
        let summit = match only("summit") {
            true => {
                let scratch = Scratch::new(args.dir.clone(), "writes")?;
                let url = format!("sqlite://{}", scratch.0.join("summit.db").display());
                let program = args.summit.clone().unwrap_or_else(|| sibling("summit"));
                let server = Server::start("summit", cpu, &program, &summit_args(&url))?;
                let room = Room::setup(server.addr, max_conns, 0).await?;
                Some((server, room, scratch))
            }
            false => None,
        };
        let bare = match only("bare") {
            true => Some(Server::start(
                "bare",
                cpu,
                &sibling("bench-bare-axum"),
                &[],
            )?),
            false => None,
        };
        let bare_tokens: Vec<String> = (0..max_conns).map(|i| format!("token{i}")).collect();
        let mut targets: Vec<Target<'_>> = Vec::new();
        if let Some((server, room, _)) = &summit {
            targets.push(Target {
                server,
                path: room.commands_path(),
                tokens: &room.voters,
            });
        }
        if let Some(server) = &bare {
            targets.push(Target {
                server,
                path: "/api/sessions/k3x9w2q8m4p7z5r1t6y0u2i8/commands".to_owned(),
                tokens: &bare_tokens,
            });
        }
        for &conns in &args.conns {
            for level in measure_level(&targets, conns, plan).await? {
                print_level(&level);
                result.levels.push(level);
            }
        }
        if let Some((server, room, _scratch)) = &summit {
            let seq = room.seq(server.addr).await?;
            println!("         session log holds {seq} events");
            // Once: the retry's cost depends on the log's length, not on the round.
            if keys && result.retry.is_none() {
                result.retry = Some(retry_cost(server, room, seq).await?);
            }
        }
        drop(targets);
        if let Some((server, _, _)) = summit {
            server.stop();
        }
        if let Some(server) = bare {
            server.stop();
        }
    }

    if only("floor") {
        let scratch = Scratch::new(args.dir.clone(), "floor")?;
        let mut command = tokio::process::Command::new("taskset");
        command
            .arg("-c")
            .arg(&args.server_cpu)
            .arg(std::env::current_exe()?)
            .arg("sqlite-floor")
            .arg("--db")
            .arg(scratch.0.join("floor.db"))
            .arg("--secs")
            .arg(args.floor_secs.to_string());
        let output = command.output().await?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let floor: serde_json::Value = stdout
            .lines()
            .find_map(|l| l.strip_prefix("RESULT "))
            .and_then(|j| serde_json::from_str(j).ok())
            .ok_or_else(|| {
                io::Error::other(format!(
                    "sqlite-floor failed: {stdout}{}",
                    String::from_utf8_lossy(&output.stderr)
                ))
            })?;
        let floor = floor["result"].clone();
        println!(
            "floor    single-row commits: {:>9.0} commits/s  p50 {:.2} ms  p99 {:.2} ms",
            floor["per_second"].as_f64().unwrap_or(0.0),
            floor["latency_us"]["p50"].as_f64().unwrap_or(0.0) / 1e3,
            floor["latency_us"]["p99"].as_f64().unwrap_or(0.0) / 1e3,
        );
        result.floor = Some(floor);
    }

    // Ratios at each level: per round (Summit and bare axum of the same round), then
    // the median over rounds.
    let floor_rate = result.floor.as_ref().and_then(|f| f["per_second"].as_f64());
    for &conns in &args.conns {
        let rate = |name: &str, round: usize| {
            result
                .levels
                .iter()
                .find(|l| l.server == name && l.conns == conns && l.round == round)
                .map(|l| l.per_second)
        };
        let mut per_round = Vec::new();
        for round in 1..=rounds {
            if let (Some(summit), Some(bare)) = (rate("summit", round), rate("bare", round)) {
                per_round.push(100.0 * summit / bare);
            }
        }
        if !per_round.is_empty() {
            let median = median(&per_round);
            let at_target = per_round.iter().filter(|&&r| r >= 50.0).count();
            let shown: Vec<String> = per_round.iter().map(|r| format!("{r:.1}%")).collect();
            println!(
                "ratio    {conns:>5} conns  durable/bare-HTTP = {median:.1}% median of {} round(s) [{}], {at_target} at target (target ≥ 50%)",
                per_round.len(),
                shown.join(", ")
            );
            result.ratios.push(Ratios {
                conns,
                per_round_percent: per_round,
                median_percent: median,
                rounds_at_target: at_target,
            });
        }
        if let Some(floor) = floor_rate {
            let summits: Vec<f64> = (1..=rounds).filter_map(|r| rate("summit", r)).collect();
            if !summits.is_empty() {
                println!(
                    "ratio    {conns:>5} conns  durable/one-commit-per-vote = {:.1}× (median round)",
                    median(&summits) / floor
                );
            }
        }
    }
    summit_bench::emit("writes", &result);
    Ok(())
}

/// The median of a non-empty list (the mean of the middle two for an even count).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if !sorted.len().is_multiple_of(2) {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

//! Live-stream fan-out: N SSE clients on one session while participants send a
//! steady stream of votes. For every delivery we know when the command that caused
//! it was acknowledged (its 2xx reached the sender, in this same process and clock)
//! and when the client read it, so latency is exact per delivery, not sampled.
//! The same run measures the server's resident memory per connected client, and
//! the same load generator drives the bare-broadcast reference server.
//!
//! `cross-server` runs the same measurement against several Summit servers sharing
//! one PostgreSQL database: commands go to the first, clients are spread over all.

use crate::writes::{summit_args, Scratch};
use serde::Serialize;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use summit_bench::http::{post_json, Conn};
use summit_bench::proc::{loadavg, sibling, CoreTimes, Server, Usage};
use summit_bench::room::Room;
use summit_bench::sse::SseClient;
use summit_bench::stats::Summary;
use tokio::sync::{watch, Semaphore};

#[derive(clap::Args)]
pub struct Args {
    /// Servers to measure, each on a fresh process: `summit` and/or `reference`.
    #[arg(long, value_delimiter = ',', default_value = "summit,reference")]
    servers: Vec<String>,
    /// Live clients, one run per count.
    #[arg(long, value_delimiter = ',', default_value = "1000,5000")]
    clients: Vec<usize>,
    #[command(flatten)]
    load: Load,
    /// Core (taskset list) for the server.
    #[arg(long, default_value = "0")]
    server_cpu: String,
    /// The Summit server binary (default: next to this one).
    #[arg(long)]
    summit: Option<PathBuf>,
    /// Directory for the database (default: a fresh one under $TMPDIR).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Record a CPU profile of the server while commands flow
    /// (`perf record -e cpu-clock -g`), into DIR/fanout-<server>-<clients>.perf.data.
    #[arg(long)]
    perf_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct CrossArgs {
    /// Live clients, spread round-robin over the servers.
    #[arg(long, default_value_t = 300)]
    clients: usize,
    /// Summit servers on the same database.
    #[arg(long, default_value_t = 3)]
    servers: usize,
    #[command(flatten)]
    load: Load,
    /// The PostgreSQL server, as a URL to its admin database; a fresh database is
    /// created next to it and dropped afterwards.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    admin_url: String,
    /// Core (taskset list) for the servers.
    #[arg(long, default_value = "0")]
    server_cpu: String,
    #[arg(long)]
    summit: Option<PathBuf>,
}

#[derive(clap::Args, Clone, Copy)]
struct Load {
    /// Commands per second, all participants together.
    #[arg(long, default_value_t = 50.0)]
    rate: f64,
    /// Seconds of commands.
    #[arg(long, default_value_t = 15.0)]
    secs: f64,
    /// Participants sending commands (each alternates cast_vote / retract_vote).
    #[arg(long, default_value_t = 10)]
    voters: usize,
    /// Participants whose tickets open the streams (streams are spread over them).
    #[arg(long, default_value_t = 10)]
    watchers: usize,
    /// Streams being opened at once.
    #[arg(long, default_value_t = 64)]
    connect_concurrency: usize,
}

/// What the run is pointed at.
struct Target {
    name: String,
    command: SocketAddr,
    /// Servers the streams are spread over (round-robin).
    streams: Vec<SocketAddr>,
    session: String,
    voter_tokens: Vec<String>,
    /// Reads snapshots (the facilitator).
    snapshot_token: String,
    tickets: Vec<String>,
}

#[derive(Serialize, Default)]
pub struct FanoutRun {
    pub server: String,
    pub clients: usize,
    pub servers: usize,
    pub load_average_1m: f64,
    pub connected: usize,
    pub connect_secs: f64,
    pub stream_errors: usize,
    pub first_error: Option<String>,
    pub commands_ok: u64,
    pub command_errors: u64,
    pub commands_per_second: f64,
    /// Command round trip at the sender (its 2xx), ms.
    pub ack_ms: Summary,
    pub events: u64,
    pub expected_deliveries: u64,
    pub deliveries: u64,
    pub lost: u64,
    pub out_of_order: u64,
    /// Command 2xx at the sender → receipt at each client, ms (negative values, a
    /// delivery read before the sender read its 2xx, count as 0).
    pub latency_ms: Summary,
    /// The same, per server the client was connected to.
    pub latency_ms_by_server: Vec<Summary>,
    /// The same, for clients on every server but the one that took the commands.
    pub latency_ms_other_servers: Option<Summary>,
    /// The sender writing its command → receipt at each client, ms.
    pub latency_from_send_ms: Summary,
    pub delivered_before_ack_percent: f64,
    pub deliveries_per_second: f64,
    /// Resident memory of the server(s), KiB: before any stream, with the streams
    /// open and idle, and after the load.
    pub rss_kb_before: u64,
    pub rss_kb_idle: u64,
    pub rss_kb_after: u64,
    pub kb_per_client_idle: f64,
    pub kb_per_client_after: f64,
    pub server_cpu_percent: f64,
    pub loadgen_cpu_percent: f64,
    /// Busy % of each core (all processes, including interrupt time) while commands flowed.
    pub core_busy_percent: Vec<f64>,
}

struct ClientOut {
    server: usize,
    /// (seq, receipt µs since the epoch).
    recs: Vec<(u64, u64)>,
    error: Option<String>,
    out_of_order: u64,
}

struct VoterOut {
    ok: u64,
    errors: u64,
    first_error: Option<String>,
    ack_us: Vec<i64>,
    max_seq: u64,
}

fn micros(epoch: Instant) -> u64 {
    epoch.elapsed().as_micros() as u64
}

#[derive(serde::Deserialize)]
struct SeqOnly {
    seq: u64,
}

#[allow(clippy::too_many_arguments)]
async fn client(
    addr: SocketAddr,
    server: usize,
    path: String,
    after: u64,
    epoch: Instant,
    mut stop: watch::Receiver<u64>,
    connected: Arc<AtomicUsize>,
    gate: Arc<Semaphore>,
) -> ClientOut {
    let mut out = ClientOut {
        server,
        recs: Vec::new(),
        error: None,
        out_of_order: 0,
    };
    let permit = gate.acquire().await;
    let mut sse = None;
    for attempt in 0..3 {
        match SseClient::open(addr, &path).await {
            Ok(s) => {
                sse = Some(s);
                break;
            }
            Err(e) => {
                out.error = Some(format!("open: {e}"));
                tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
            }
        }
    }
    drop(permit);
    let Some(mut sse) = sse else {
        connected.fetch_add(1 << 32, Ordering::Relaxed); // failed
        return out;
    };
    out.error = None;
    connected.fetch_add(1, Ordering::Relaxed);
    let mut last = after;
    let mut batch = Vec::new();
    loop {
        if last >= *stop.borrow() {
            break;
        }
        tokio::select! {
            r = sse.next_batch(&mut batch) => {
                let t = micros(epoch);
                match r {
                    Ok(true) => {
                        for seq in batch.drain(..) {
                            if seq != last + 1 {
                                out.out_of_order += 1;
                            }
                            if seq > last {
                                out.recs.push((seq, t));
                                last = seq;
                            }
                        }
                    }
                    Ok(false) => {
                        out.error = Some("server closed the stream".into());
                        break;
                    }
                    Err(e) => {
                        out.error = Some(e.to_string());
                        break;
                    }
                }
            }
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
async fn voter(
    addr: SocketAddr,
    path: String,
    token: String,
    first: Instant,
    period: Duration,
    until: Instant,
    epoch: Instant,
    after: u64,
    acks: Arc<Vec<AtomicU64>>,
    sends: Arc<Vec<AtomicU64>>,
) -> VoterOut {
    let mut out = VoterOut {
        ok: 0,
        errors: 0,
        first_error: None,
        ack_us: Vec::new(),
        max_seq: 0,
    };
    let mut conn = match Conn::connect(addr).await {
        Ok(c) => c,
        Err(e) => {
            out.errors += 1;
            out.first_error = Some(e.to_string());
            return out;
        }
    };
    let mut ticker = tokio::time::interval_at(first.into(), period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut i: u64 = 0;
    let key_base = u64::from(std::process::id()) << 42
        | (first.duration_since(epoch).as_micros() as u64 & 0x3ff_ffff) << 16;
    loop {
        ticker.tick().await;
        if Instant::now() >= until {
            break;
        }
        let kind = if i.is_multiple_of(2) {
            "cast_vote"
        } else {
            "retract_vote"
        };
        let body = format!(
            r#"{{"command":{{"type":"{kind}","idea":1}},"idempotency_key":"{}"}}"#,
            summit_bench::proc::key_for(key_base | i)
        );
        let request = post_json(conn.host(), &path, Some(&token), &body);
        let sent = micros(epoch);
        let result = conn.send(&request).await;
        let acked = micros(epoch);
        match result {
            Ok(r) if r.is_success() => match serde_json::from_slice::<SeqOnly>(&r.body) {
                Ok(SeqOnly { seq }) => {
                    out.ok += 1;
                    out.ack_us.push((acked - sent) as i64);
                    out.max_seq = out.max_seq.max(seq);
                    if let Some(slot) = seq.checked_sub(after + 1).map(|i| i as usize) {
                        if slot < acks.len() {
                            acks[slot].store(acked + 1, Ordering::Relaxed);
                            sends[slot].store(sent + 1, Ordering::Relaxed);
                        }
                    }
                }
                Err(e) => {
                    out.errors += 1;
                    out.first_error.get_or_insert_with(|| e.to_string());
                }
            },
            Ok(r) => {
                out.errors += 1;
                out.first_error
                    .get_or_insert_with(|| format!("{} {}", r.status, r.text()));
            }
            Err(e) => {
                out.errors += 1;
                out.first_error.get_or_insert_with(|| e.to_string());
                match Conn::connect(addr).await {
                    Ok(c) => conn = c,
                    Err(_) => break,
                }
            }
        }
        i += 1;
    }
    out
}

/// Current log position, from the command server.
async fn seq_of(target: &Target) -> io::Result<u64> {
    let mut c = Conn::connect(target.command).await?;
    let request = summit_bench::http::get(
        c.host(),
        &format!("/api/sessions/{}", target.session),
        &format!("Authorization: Bearer {}\r\n", target.snapshot_token),
    );
    let response = c.send(&request).await?;
    response.json()?["seq"]
        .as_u64()
        .ok_or_else(|| io::Error::other(format!("no seq in snapshot {}", response.text())))
}

fn total_rss(servers: &[&Server]) -> u64 {
    servers.iter().map(|s| s.rss_kb()).sum()
}

fn total_cpu(servers: &[&Server]) -> f64 {
    servers.iter().map(|s| s.usage().cpu_s).sum()
}

async fn run_one(
    target: Target,
    servers: &[&Server],
    clients: usize,
    load: Load,
    perf_out: Option<PathBuf>,
) -> io::Result<FanoutRun> {
    let epoch = Instant::now();
    let mut run = FanoutRun {
        server: target.name.clone(),
        clients,
        servers: target.streams.len(),
        load_average_1m: loadavg(),
        ..FanoutRun::default()
    };
    let after = seq_of(&target).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    run.rss_kb_before = total_rss(servers);

    // Open every stream.
    let (stop_tx, stop_rx) = watch::channel(u64::MAX);
    let connected = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(Semaphore::new(load.connect_concurrency));
    let t_connect = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for k in 0..clients {
        let server = k % target.streams.len();
        let ticket = &target.tickets[k % target.tickets.len()];
        let path = format!(
            "/api/sessions/{}/events?ticket={ticket}&after={after}",
            target.session
        );
        tasks.push(tokio::spawn(client(
            target.streams[server],
            server,
            path,
            after,
            epoch,
            stop_rx.clone(),
            connected.clone(),
            gate.clone(),
        )));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let n = connected.load(Ordering::Relaxed);
        let (ok, failed) = (n & 0xffff_ffff, n >> 32);
        if ok + failed >= clients || Instant::now() > deadline {
            run.connected = ok;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    run.connect_secs = t_connect.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    run.rss_kb_idle = total_rss(servers);
    println!(
        "{:<10} {} clients connected in {:.1} s ({} failed); server RSS {} → {} KiB",
        target.name,
        run.connected,
        run.connect_secs,
        clients - run.connected,
        run.rss_kb_before,
        run.rss_kb_idle
    );

    // Send commands at the fixed total rate.
    let capacity = (load.rate * load.secs * 2.0) as usize + 1024;
    let acks: Arc<Vec<AtomicU64>> = Arc::new((0..capacity).map(|_| AtomicU64::new(0)).collect());
    let sends: Arc<Vec<AtomicU64>> = Arc::new((0..capacity).map(|_| AtomicU64::new(0)).collect());
    let start = Instant::now() + Duration::from_millis(200);
    let until = start + Duration::from_secs_f64(load.secs);
    let period = Duration::from_secs_f64(load.voters as f64 / load.rate);
    let path = format!("/api/sessions/{}/commands", target.session);
    let cpu0 = total_cpu(servers);
    let self0 = Usage::of_self();
    let cores0 = CoreTimes::now();
    let mut voters = Vec::new();
    for (k, token) in target.voter_tokens.iter().take(load.voters).enumerate() {
        voters.push(tokio::spawn(voter(
            target.command,
            path.clone(),
            token.clone(),
            start + Duration::from_secs_f64(k as f64 / load.rate),
            period,
            until,
            epoch,
            after,
            acks.clone(),
            sends.clone(),
        )));
    }
    let perf = perf_out.and_then(|out| {
        summit_bench::proc::perf_record(servers[0].pid(), load.secs.min(10.0), &out)
    });
    let mut ack_us = Vec::new();
    let mut final_seq = after;
    let mut cores1 = None;
    for v in voters {
        let v = v.await.map_err(io::Error::other)?;
        run.commands_ok += v.ok;
        run.command_errors += v.errors;
        if run.first_error.is_none() {
            run.first_error = v.first_error.map(|e| format!("command: {e}"));
        }
        ack_us.extend(v.ack_us);
        final_seq = final_seq.max(v.max_seq);
        cores1.get_or_insert_with(CoreTimes::now);
    }
    if let Some(c) = cores1 {
        run.core_busy_percent = c.busy_since(&cores0);
    }
    run.commands_per_second = run.commands_ok as f64 / load.secs;
    run.ack_ms = Summary::of(&mut ack_us).scaled(1e3);
    run.events = final_seq - after;

    // Let every client reach the last event (or give up after 15 s).
    stop_tx.send_replace(final_seq);
    let give_up = Instant::now() + Duration::from_secs(15);
    while Instant::now() < give_up && tasks.iter().any(|t| !t.is_finished()) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let busy = start.elapsed().as_secs_f64();
    run.server_cpu_percent = 100.0 * (total_cpu(servers) - cpu0) / busy;
    run.loadgen_cpu_percent = 100.0 * (Usage::of_self().cpu_s - self0.cpu_s) / busy;
    run.rss_kb_after = total_rss(servers);
    stop_tx.send_replace(0);
    if let Some(mut perf) = perf {
        let _ = perf.wait().await;
    }

    // Every delivery's latency.
    let mut latency = Vec::new();
    let mut by_server: Vec<Vec<i64>> = vec![Vec::new(); target.streams.len()];
    let mut from_send = Vec::new();
    let mut before_ack = 0u64;
    let mut last_receipt = 0u64;
    let mut first_send = u64::MAX;
    for s in sends.iter() {
        let v = s.load(Ordering::Relaxed);
        if v > 0 {
            first_send = first_send.min(v - 1);
        }
    }
    for task in tasks {
        let c = task.await.map_err(io::Error::other)?;
        if let Some(e) = c.error {
            run.stream_errors += 1;
            run.first_error.get_or_insert(format!("stream: {e}"));
        }
        run.out_of_order += c.out_of_order;
        for (seq, t) in c.recs {
            if seq > final_seq {
                continue;
            }
            run.deliveries += 1;
            last_receipt = last_receipt.max(t);
            let slot = (seq - after - 1) as usize;
            let ack = acks.get(slot).map_or(0, |a| a.load(Ordering::Relaxed));
            if ack == 0 {
                continue;
            }
            let l = t as i64 - (ack - 1) as i64;
            if l < 0 {
                before_ack += 1;
            }
            latency.push(l.max(0));
            by_server[c.server].push(l.max(0));
            let sent = sends[slot].load(Ordering::Relaxed);
            from_send.push(t as i64 - (sent - 1) as i64);
        }
    }
    run.expected_deliveries = run.events * clients as u64;
    run.lost = run.expected_deliveries.saturating_sub(run.deliveries);
    run.delivered_before_ack_percent = 100.0 * before_ack as f64 / latency.len().max(1) as f64;
    run.latency_ms = Summary::of(&mut latency).scaled(1e3);
    if by_server.len() > 1 {
        let mut others: Vec<i64> = by_server[1..].concat();
        run.latency_ms_other_servers = Some(Summary::of(&mut others).scaled(1e3));
    }
    run.latency_ms_by_server = by_server
        .iter_mut()
        .map(|v| Summary::of(v).scaled(1e3))
        .collect();
    run.latency_from_send_ms = Summary::of(&mut from_send).scaled(1e3);
    let window = last_receipt.saturating_sub(first_send.min(last_receipt)) as f64 / 1e6;
    run.deliveries_per_second = if window > 0.0 {
        run.deliveries as f64 / window
    } else {
        0.0
    };
    let per_client = |rss: u64| (rss as f64 - run.rss_kb_before as f64) / clients.max(1) as f64;
    run.kb_per_client_idle = per_client(run.rss_kb_idle);
    run.kb_per_client_after = per_client(run.rss_kb_after);
    print_run(&run);
    Ok(run)
}

fn print_run(r: &FanoutRun) {
    println!(
        "{:<10} {:>5} clients  {:>5.1} cmd/s  events {:>5}  deliveries {:>8}/{:<8} lost {:>6}  out-of-order {:>4}  stream errors {:>4}  command errors {:>3}",
        r.server, r.clients, r.commands_per_second, r.events, r.deliveries, r.expected_deliveries, r.lost, r.out_of_order, r.stream_errors, r.command_errors
    );
    println!(
        "{:<10} latency ack→client p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({:.1}% before the ack)  send→client p50 {:.2} p99 {:.2} ms  ack p50 {:.2} p99 {:.2} ms",
        "", r.latency_ms.p50, r.latency_ms.p90, r.latency_ms.p99, r.latency_ms.max, r.delivered_before_ack_percent,
        r.latency_from_send_ms.p50, r.latency_from_send_ms.p99, r.ack_ms.p50, r.ack_ms.p99
    );
    if let Some(s) = &r.latency_ms_other_servers {
        println!(
            "{:<10} clients on the OTHER servers: p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} deliveries)",
            "", s.p50, s.p90, s.p99, s.max, s.count
        );
    }
    if r.servers > 1 {
        for (i, s) in r.latency_ms_by_server.iter().enumerate() {
            println!(
                "{:<10} clients on server {i}: p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} deliveries)",
                "", s.p50, s.p99, s.max, s.count
            );
        }
    }
    println!(
        "{:<10} {:.0} deliveries/s  server CPU {:.0}%  load-gen CPU {:.0}%  cores busy {:.0?}%  RSS before {} KiB, idle {} KiB ({:.1} KiB/client), after load {} KiB ({:.1} KiB/client)",
        "", r.deliveries_per_second, r.server_cpu_percent, r.loadgen_cpu_percent, r.core_busy_percent, r.rss_kb_before, r.rss_kb_idle, r.kb_per_client_idle, r.rss_kb_after, r.kb_per_client_after
    );
    if let Some(e) = &r.first_error {
        println!("{:<10} first error: {e}", "");
    }
}

async fn summit_target(
    name: &str,
    command: SocketAddr,
    streams: Vec<SocketAddr>,
    load: &Load,
) -> io::Result<Target> {
    let room = Room::setup(command, load.voters, load.watchers).await?;
    let mut tickets = Vec::new();
    for w in &room.watchers {
        tickets.push(room.ticket(command, w).await?);
    }
    Ok(Target {
        name: name.to_owned(),
        command,
        streams,
        session: room.session,
        voter_tokens: room.voters,
        snapshot_token: room.facilitator,
        tickets,
    })
}

pub async fn run(args: Args) -> io::Result<()> {
    let mut runs = Vec::new();
    println!(
        "fan-out: {} commands/s for {} s, {} voters, streams over {} watchers; load average {:.2}",
        args.load.rate,
        args.load.secs,
        args.load.voters,
        args.load.watchers,
        loadavg()
    );
    for &clients in &args.clients {
        for name in &args.servers {
            let cpu = Some(args.server_cpu.as_str());
            let scratch = Scratch::new(args.dir.clone(), "fanout")?;
            let (server, target) = match name.as_str() {
                "summit" => {
                    let url = format!("sqlite://{}", scratch.0.join("summit.db").display());
                    let program = args.summit.clone().unwrap_or_else(|| sibling("summit"));
                    let server = Server::start("summit", cpu, &program, &summit_args(&url))?;
                    let target =
                        summit_target("summit", server.addr, vec![server.addr], &args.load).await?;
                    (server, target)
                }
                "reference" => {
                    let server = Server::start("reference", cpu, &sibling("bench-sse-ref"), &[])?;
                    let tokens: Vec<String> =
                        (0..args.load.voters).map(|i| format!("t{i}")).collect();
                    let target = Target {
                        name: "reference".into(),
                        command: server.addr,
                        streams: vec![server.addr],
                        session: "k3x9w2q8m4p7z5r1t6y0u2i8".into(),
                        voter_tokens: tokens,
                        snapshot_token: "none".into(),
                        tickets: vec!["reference".into()],
                    };
                    (server, target)
                }
                other => return Err(io::Error::other(format!("unknown server {other}"))),
            };
            let perf_out = args
                .perf_dir
                .as_ref()
                .map(|d| d.join(format!("fanout-{name}-{clients}.perf.data")));
            let run = run_one(target, &[&server], clients, args.load, perf_out).await?;
            runs.push(run);
            server.stop();
        }
    }
    summit_bench::emit("fanout", &runs);
    Ok(())
}

pub async fn run_cross(args: CrossArgs) -> io::Result<()> {
    use sqlx::Connection;
    let db = format!("summit_bench_{}", std::process::id());
    let base = args
        .admin_url
        .rsplit_once('/')
        .map_or(args.admin_url.as_str(), |(b, _)| b)
        .to_owned();
    let url = format!("{base}/{db}");
    let mut admin = sqlx::PgConnection::connect(&args.admin_url)
        .await
        .map_err(|e| io::Error::other(format!("PostgreSQL at {}: {e}", args.admin_url)))?;
    sqlx::query(&format!("CREATE DATABASE {db}"))
        .execute(&mut admin)
        .await
        .map_err(io::Error::other)?;
    println!(
        "cross-server: {} Summit servers on PostgreSQL database {db}, {} clients, {} commands/s for {} s to server 0; load average {:.2}",
        args.servers, args.clients, args.load.rate, args.load.secs, loadavg()
    );
    let outcome = async {
        let program = args.summit.clone().unwrap_or_else(|| sibling("summit"));
        let mut servers = Vec::new();
        for i in 0..args.servers {
            servers.push(Server::start(
                &format!("summit{i}"),
                Some(args.server_cpu.as_str()),
                &program,
                &summit_args(&url),
            )?);
        }
        let addrs: Vec<SocketAddr> = servers.iter().map(|s| s.addr).collect();
        let target = summit_target("cross", addrs[0], addrs.clone(), &args.load).await?;
        let refs: Vec<&Server> = servers.iter().collect();
        let run = run_one(target, &refs, args.clients, args.load, None).await?;
        for s in servers {
            s.stop();
        }
        Ok::<FanoutRun, io::Error>(run)
    }
    .await;
    let drop = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .execute(&mut admin)
        .await;
    if let Err(e) = drop {
        eprintln!("could not drop {db}: {e}");
    }
    let run = outcome?;
    summit_bench::emit("cross-server", &run);
    Ok(())
}

//! Server processes under test (pinned to a core with `taskset`) and what `/proc`
//! says about them: resident memory, CPU time, syscalls.

use std::io::{self, BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child server; stopped (SIGTERM, then SIGKILL) when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub name: String,
}

/// The directory holding this executable: the other benchmark binaries and
/// `summit` are built next to it.
pub fn sibling(name: &str) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(name)
}

impl Server {
    /// Starts `program args` (on `cpu` if given) and waits for the line that says
    /// `... running at http://ADDR/`.
    pub fn start(
        name: &str,
        cpu: Option<&str>,
        program: &Path,
        args: &[String],
    ) -> io::Result<Server> {
        let mut command = match cpu {
            Some(cpu) => {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(cpu).arg(program);
                c
            }
            None => Command::new(program),
        };
        let mut child = command
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| io::Error::other(format!("cannot start {}: {e}", program.display())))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let addr = line
            .split("http://")
            .nth(1)
            .map(|rest| rest.trim().trim_end_matches('/'))
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| {
                let _ = child.kill();
                io::Error::other(format!("{name} did not start: first line {line:?}"))
            })?;
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
        });
        Ok(Server {
            child,
            addr,
            name: name.to_owned(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn rss_kb(&self) -> u64 {
        rss_kb(self.pid()).unwrap_or(0)
    }

    pub fn usage(&self) -> Usage {
        Usage::of(self.pid())
    }

    /// SIGTERM (a clean shutdown closes the database), SIGKILL after 10 s.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// `VmRSS` of a process, in KiB.
pub fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Cumulative CPU time and syscalls of a process (all threads).
#[derive(Clone, Copy, Debug, Default)]
pub struct Usage {
    /// User + system CPU seconds.
    pub cpu_s: f64,
    pub user_s: f64,
    pub sys_s: f64,
    /// Read-like and write-like syscalls (`/proc/PID/io`).
    pub syscr: u64,
    pub syscw: u64,
    /// Bytes passed to write-like syscalls (sockets and files).
    pub wchar: u64,
    /// Bytes the process caused to be sent to the storage layer.
    pub write_bytes: u64,
    /// Context switches, voluntary + involuntary, summed over the threads alive now.
    pub ctx_switches: u64,
    pub at: Option<Instant>,
}

fn clock_ticks() -> f64 {
    // Linux reports /proc times in USER_HZ, which is 100 on every mainstream kernel.
    100.0
}

impl Usage {
    pub fn of(pid: u32) -> Usage {
        Usage::read(&format!("/proc/{pid}"))
    }

    pub fn of_self() -> Usage {
        Usage::read("/proc/self")
    }

    fn read(dir: &str) -> Usage {
        let mut usage = Usage {
            at: Some(Instant::now()),
            ..Usage::default()
        };
        if let Ok(stat) = std::fs::read_to_string(format!("{dir}/stat")) {
            // Fields after the parenthesised command name; utime and stime are 14 and 15.
            if let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) {
                let fields: Vec<&str> = rest.split_whitespace().collect();
                let field = |i: usize| {
                    fields
                        .get(i - 3)
                        .and_then(|v| v.parse::<f64>().ok())
                        .unwrap_or(0.0)
                };
                usage.user_s = field(14) / clock_ticks();
                usage.sys_s = field(15) / clock_ticks();
                usage.cpu_s = usage.user_s + usage.sys_s;
            }
        }
        if let Ok(io) = std::fs::read_to_string(format!("{dir}/io")) {
            for line in io.lines() {
                if let Some(v) = line.strip_prefix("syscr:") {
                    usage.syscr = v.trim().parse().unwrap_or(0);
                } else if let Some(v) = line.strip_prefix("syscw:") {
                    usage.syscw = v.trim().parse().unwrap_or(0);
                } else if let Some(v) = line.strip_prefix("wchar:") {
                    usage.wchar = v.trim().parse().unwrap_or(0);
                } else if let Some(v) = line.strip_prefix("write_bytes:") {
                    usage.write_bytes = v.trim().parse().unwrap_or(0);
                }
            }
        }
        if let Ok(tasks) = std::fs::read_dir(format!("{dir}/task")) {
            for task in tasks.flatten() {
                let status =
                    std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
                for line in status.lines() {
                    if let Some(v) = line
                        .strip_prefix("voluntary_ctxt_switches:")
                        .or_else(|| line.strip_prefix("nonvoluntary_ctxt_switches:"))
                    {
                        usage.ctx_switches += v.trim().parse::<u64>().unwrap_or(0);
                    }
                }
            }
        }
        usage
    }

    /// What happened between `earlier` and `self`.
    pub fn since(&self, earlier: &Usage) -> UsageDelta {
        let wall = match (self.at, earlier.at) {
            (Some(a), Some(b)) => a.duration_since(b).as_secs_f64(),
            _ => 0.0,
        };
        UsageDelta {
            wall_s: wall,
            cpu_s: self.cpu_s - earlier.cpu_s,
            user_s: self.user_s - earlier.user_s,
            sys_s: self.sys_s - earlier.sys_s,
            syscalls: (self.syscr + self.syscw).saturating_sub(earlier.syscr + earlier.syscw),
            ctx_switches: self.ctx_switches.saturating_sub(earlier.ctx_switches),
            wchar: self.wchar.saturating_sub(earlier.wchar),
            write_bytes: self.write_bytes.saturating_sub(earlier.write_bytes),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct UsageDelta {
    pub wall_s: f64,
    pub cpu_s: f64,
    pub user_s: f64,
    pub sys_s: f64,
    pub syscalls: u64,
    pub ctx_switches: u64,
    pub wchar: u64,
    pub write_bytes: u64,
}

impl std::ops::AddAssign for UsageDelta {
    /// Two windows' usage together (the slices of one measurement).
    fn add_assign(&mut self, other: UsageDelta) {
        self.wall_s += other.wall_s;
        self.cpu_s += other.cpu_s;
        self.user_s += other.user_s;
        self.sys_s += other.sys_s;
        self.syscalls += other.syscalls;
        self.ctx_switches += other.ctx_switches;
        self.wchar += other.wchar;
        self.write_bytes += other.write_bytes;
    }
}

impl UsageDelta {
    /// Share of one core used, in percent.
    pub fn cpu_percent(&self) -> f64 {
        if self.wall_s > 0.0 {
            100.0 * self.cpu_s / self.wall_s
        } else {
            0.0
        }
    }
}

/// The 1-minute load average.
pub fn loadavg() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// Samples `pid` on CPU with `perf record -e cpu-clock` for `secs` seconds into
/// `out` (hardware counters are often unavailable in VMs; the software clock is not).
/// Returns the running `perf`, to be awaited; `None` if it could not start.
pub fn perf_record(pid: u32, secs: f64, out: &Path) -> Option<tokio::process::Child> {
    tokio::process::Command::new("perf")
        .args(["record", "-q", "-e", "cpu-clock", "-F", "2000", "-g", "-p"])
        .arg(pid.to_string())
        .arg("-o")
        .arg(out)
        .arg("--")
        .arg("sleep")
        .arg(format!("{secs}"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| eprintln!("perf record failed to start: {e}"))
        .ok()
}

/// Busy and total jiffies of each core from `/proc/stat` (busy includes interrupt
/// and softirq time, which the kernel does not charge to any process: on loopback
/// that is where much of the network stack's work lands).
#[derive(Clone, Debug, Default)]
pub struct CoreTimes(pub Vec<(u64, u64)>);

impl CoreTimes {
    pub fn now() -> CoreTimes {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        CoreTimes(
            stat.lines()
                .filter(|l| l.starts_with("cpu") && !l.starts_with("cpu "))
                .map(|l| {
                    let v: Vec<u64> = l
                        .split_whitespace()
                        .skip(1)
                        .filter_map(|x| x.parse().ok())
                        .collect();
                    // user nice system idle iowait irq softirq steal
                    let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
                    let total: u64 = v.iter().take(8).sum();
                    (total - idle, total)
                })
                .collect(),
        )
    }

    /// Busy percentage of each core since `earlier`.
    pub fn busy_since(&self, earlier: &CoreTimes) -> Vec<f64> {
        self.0
            .iter()
            .zip(&earlier.0)
            .map(|((b1, t1), (b0, t0))| {
                let total = t1.saturating_sub(*t0);
                if total == 0 {
                    0.0
                } else {
                    100.0 * b1.saturating_sub(*b0) as f64 / total as f64
                }
            })
            .collect()
    }
}

/// A random-looking 32-hex-digit key, like the browser's (16 random bytes), derived
/// from `n` (SplitMix64) so runs are reproducible and keys never repeat.
pub fn key_for(n: u64) -> String {
    fn mix(mut z: u64) -> u64 {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    format!("{:016x}{:016x}", mix(n), mix(n ^ 0x5555_5555_5555_5555))
}

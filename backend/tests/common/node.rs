//! A Summit server as its own process (the built `summit` binary), for tests that
//! run several servers on one PostgreSQL database or kill one.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A server process; killed when dropped, even if the test fails.
pub struct Node {
    child: Child,
    /// `http://127.0.0.1:port`, without a trailing slash.
    pub base: String,
}

impl Node {
    /// Starts a server on a free port with `database_url` and any `extra` flags;
    /// returns once it is accepting connections.
    pub fn start(database_url: &str, extra: &[&str]) -> Node {
        let mut child = Command::new(env!("CARGO_BIN_EXE_summit"))
            .args([
                "--addr",
                "127.0.0.1:0",
                "--database-url",
                database_url,
                "--assets",
                "/nonexistent",
            ])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn summit");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the URL line");
        let base = line
            .trim()
            .strip_prefix("Summit is running at ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Node { child, base }
    }

    /// `127.0.0.1:port`: where a proxy reaches this server.
    pub fn authority(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// Kills the process (SIGKILL) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

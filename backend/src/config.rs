//! Server configuration, from command-line flags or environment variables.

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser, Clone, Debug)]
#[command(
    name = "summit",
    version,
    about = "Summit: a cross-department problem-solving summit in the browser"
)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "SUMMIT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Database: `sqlite://path/to/file.db` (created if missing).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://summit.db")]
    pub database_url: String,
    /// Directory holding the Trunk-built front end.
    #[arg(long, env = "SUMMIT_ASSETS", default_value = "frontend/dist")]
    pub assets: PathBuf,
    /// Who may embed Summit in a frame: the CSP `frame-ancestors` value, e.g.
    /// `'self' https://intranet.example.com`. Default: nobody.
    #[arg(long, env = "SUMMIT_FRAME_ANCESTORS", default_value = "'none'")]
    pub frame_ancestors: String,
    /// Commands per second one participant may send (bursts of three seconds' worth).
    #[arg(long, env = "SUMMIT_COMMAND_RATE", default_value_t = 20.0)]
    pub command_rate: f64,
    /// Joins per second from one client address (bursts of a minute's worth): a room
    /// of people behind one address must be able to join at once.
    #[arg(long, env = "SUMMIT_JOIN_RATE", default_value_t = 5.0)]
    pub join_rate: f64,
    /// Live connections one participant may hold open at once.
    #[arg(long, env = "SUMMIT_STREAMS_PER_PARTICIPANT", default_value_t = 8)]
    pub streams_per_participant: usize,
}

impl Config {
    /// The defaults, as if started with no flags (for tests and embedding).
    pub fn defaults() -> Config {
        Config::parse_from(["summit"])
    }
}

//! Server configuration, from command-line flags or environment variables.

use crate::client::TrustedProxies;
use crate::embed::EmbedOrigins;
use clap::Parser;
use std::path::PathBuf;
use summit_shared::limits::Bounds;

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
    /// `'self' https://intranet.example.com`. Default: nobody, or the embed origins.
    #[arg(long, env = "SUMMIT_FRAME_ANCESTORS", default_value = "'none'")]
    pub frame_ancestors: String,
    /// Host pages allowed to embed Summit: a comma-separated list of origins, e.g.
    /// `https://intranet.example.com`. They get CORS answers, their commands pass
    /// the same-origin check, and they may frame the pages. Default: none.
    #[arg(long, env = "SUMMIT_EMBED_ORIGINS", default_value = "")]
    pub embed_origins: EmbedOrigins,
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
    /// Seconds a participant stays online after their last live connection closed:
    /// a reload or a phone's network change reconnects within it, unnoticed.
    #[arg(long, env = "SUMMIT_PRESENCE_GRACE", default_value_t = 10.0)]
    pub presence_grace: f64,
    /// Proxies whose word on the client's address is trusted: a comma-separated list
    /// of addresses or CIDR ranges (e.g. `10.0.0.0/24,192.168.1.7`). Only a request
    /// from one of these has its client read from `Forwarded` / `X-Forwarded-For`;
    /// every per-address limit and log line uses that client. Default: none.
    #[arg(long, env = "SUMMIT_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: TrustedProxies,
    /// Participants who may join one session.
    #[arg(long, env = "SUMMIT_MAX_PARTICIPANTS", default_value_t = Bounds::default().participants)]
    pub max_participants: u32,
    /// Problems one participant may have in at once.
    #[arg(long, env = "SUMMIT_MAX_PROBLEMS_PER_PARTICIPANT", default_value_t = Bounds::default().problems_per_participant)]
    pub max_problems_per_participant: u32,
    /// Ideas one participant may have in at once.
    #[arg(long, env = "SUMMIT_MAX_IDEAS_PER_PARTICIPANT", default_value_t = Bounds::default().ideas_per_participant)]
    pub max_ideas_per_participant: u32,
    /// Problems and ideas one session may hold, withdrawn ones included.
    #[arg(long, env = "SUMMIT_MAX_CARDS", default_value_t = Bounds::default().cards)]
    pub max_cards: u32,
    /// Action items one session may hold.
    #[arg(long, env = "SUMMIT_MAX_ACTIONS", default_value_t = Bounds::default().actions)]
    pub max_actions: u32,
    /// Delete sessions closed more than this many days ago (and not reopened);
    /// unset, sessions are kept forever. SECURITY.md says what is deleted.
    #[arg(long, env = "SUMMIT_RETENTION_DAYS")]
    pub retention_days: Option<u32>,
}

impl Config {
    /// The defaults, as if started with no flags (for tests and embedding).
    pub fn defaults() -> Config {
        Config::parse_from(["summit"])
    }

    /// What one session may hold.
    pub fn bounds(&self) -> Bounds {
        Bounds {
            participants: self.max_participants,
            problems_per_participant: self.max_problems_per_participant,
            ideas_per_participant: self.max_ideas_per_participant,
            cards: self.max_cards,
            actions: self.max_actions,
        }
    }
}

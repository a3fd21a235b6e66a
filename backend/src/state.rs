//! What every request handler shares: the hub, the ticket key, the shutdown signal
//! and the abuse limits, behind one `Arc`.

use crate::client::TrustedProxies;
use crate::config::Config;
use crate::hub::Hub;
use crate::rate_limit::{Rate, RateLimiter};
use crate::store::Store;
use std::net::IpAddr;
use std::sync::Arc;
use summit_shared::limits::Bounds;
use tokio::sync::watch;

/// What every handler shares. One `Arc`, because extractors clone the state on
/// every request: a single reference count instead of one per field.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

/// What every handler uses: the hub, the ticket key, the shutdown signal, the limits.
pub struct Services {
    pub hub: Arc<Hub>,
    /// Key for signing tickets.
    pub secret: Arc<[u8]>,
    /// Flips to `true` when the server starts shutting down.
    pub shutdown: watch::Receiver<bool>,
    pub limits: Arc<Limits>,
    /// Whose word on the client's address counts (see `client`).
    pub trusted_proxies: TrustedProxies,
    /// Taken while a Review verdict is reported to an earlier summit
    /// (`routes::carryover`): two quick verdicts are reported one after the other,
    /// the later from the later state, never the other way round.
    pub reports: tokio::sync::Mutex<()>,
}

/// Abuse limits, shared by all requests.
pub struct Limits {
    /// Wrong join codes per client address: 6 characters from 25 letters cannot be
    /// guessed at this pace. Only misses count, so a whole office behind one NAT
    /// address can still look up the right code at once.
    pub code_misses: RateLimiter<IpAddr>,
    /// Joins per client address: generous (a room of people behind one address),
    /// but a script cannot flood a session with participants.
    pub joins: RateLimiter<IpAddr>,
    /// New sessions per client address: a facilitator creates a handful, a script
    /// filling the disk creates thousands.
    pub creates: RateLimiter<IpAddr>,
    /// Commands per participant (and per facilitator) in one session. Each live
    /// session keeps its own buckets, keyed by viewer: the hottest request then
    /// needs no key built from the session id (BENCHMARKS.md, F11).
    pub commands: Rate,
    /// Live streams open at once per participant (several tabs, a phone and a laptop).
    pub streams_per_viewer: usize,
    /// How long a participant stays online after their last live stream closed.
    pub presence_grace: std::time::Duration,
    /// What one session may hold.
    pub bounds: Bounds,
}

impl Limits {
    pub fn from_config(config: &Config) -> Limits {
        let burst = |per_second: f64, seconds: f64| {
            (per_second * seconds).clamp(1.0, f64::from(u32::MAX)) as u32
        };
        Limits {
            code_misses: RateLimiter::new(20, 0.2),
            creates: RateLimiter::new(30, 0.5),
            joins: RateLimiter::new(burst(config.join_rate, 60.0), config.join_rate),
            commands: Rate {
                burst: burst(config.command_rate, 3.0),
                per_second: config.command_rate,
            },
            streams_per_viewer: config.streams_per_participant,
            presence_grace: std::time::Duration::try_from_secs_f64(config.presence_grace)
                .unwrap_or_default(),
            bounds: config.bounds(),
        }
    }
}

impl AppState {
    pub fn new(
        store: Store,
        secret: Vec<u8>,
        shutdown: watch::Receiver<bool>,
        limits: Limits,
        trusted_proxies: TrustedProxies,
    ) -> AppState {
        AppState(Arc::new(Services {
            hub: Arc::new(Hub::new(store, limits.commands, limits.bounds)),
            secret: secret.into(),
            shutdown,
            limits: Arc::new(limits),
            trusted_proxies,
            reports: tokio::sync::Mutex::new(()),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

//! Summit's server. [`app`] builds the router (tests drive it directly); [`start`]
//! binds, serves and shuts down gracefully.
//!
//! Request flow: `routes` authenticate the caller and hand commands to the [`hub`],
//! which decides them with the shared domain rules, commits them to the [`store`]'s
//! event log and publishes them to live streams.

pub mod assets;
pub mod auth;
pub mod config;
pub mod error;
pub mod export;
pub mod hub;
pub mod openapi;
pub mod rate_limit;
pub mod routes;
pub mod security;
pub mod store;
pub mod util;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::routing::any;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;

pub use config::Config;
use error::ApiError;
use hub::Hub;
use rate_limit::{Rate, RateLimiter};
use std::net::IpAddr;
use store::Store;
use summit_shared::ErrorCode;

/// Largest JSON body accepted: the biggest legitimate command is well under this.
const BODY_LIMIT: usize = 64 * 1024;

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
        }
    }
}

impl AppState {
    pub fn new(
        store: Store,
        secret: Vec<u8>,
        shutdown: watch::Receiver<bool>,
        limits: Limits,
    ) -> AppState {
        AppState(Arc::new(Services {
            hub: Arc::new(Hub::new(store, limits.commands)),
            secret: secret.into(),
            shutdown,
            limits: Arc::new(limits),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// The whole HTTP surface: the API under `/api`, the front end everywhere else.
pub fn app(state: AppState, config: &Config) -> Router {
    let api = routes::api()
        .route(
            "/api/{*rest}",
            any(|| async {
                ApiError::refused(ErrorCode::NotFound, "There is no such API endpoint.")
            }),
        )
        .method_not_allowed_fallback(|| async {
            ApiError::refused(
                ErrorCode::MethodNotAllowed,
                "This endpoint does not accept that HTTP method.",
            )
        })
        // One `layer` call: each call boxes every route once more, and a request
        // pays for every box (BENCHMARKS.md, F11).
        .layer(
            ServiceBuilder::new()
                .layer(security::ApiLayer)
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .with_state(state);
    let csp = security::content_security_policy(&config.assets, &config.frame_ancestors);
    let csp = HeaderValue::from_str(&csp).unwrap_or_else(|_| {
        HeaderValue::from_static("default-src 'self'; object-src 'none'; frame-ancestors 'none'")
    });
    let pages = assets::router(&config.assets).layer(compression());
    api.fallback_service(security::pages(pages, csp))
}

/// On-the-fly compression, for the responses that can be large: pages and files
/// without a precompressed copy, snapshots, exports and the OpenAPI document.
/// Why not every route: a command's answer is a few hundred bytes, under the
/// threshold anyway, and the layer around the hottest endpoint cost time on every
/// vote for nothing.
pub(crate) fn compression() -> CompressionLayer<impl tower_http::compression::Predicate> {
    CompressionLayer::new().compress_when(worth_compressing())
}

/// Which of those responses are compressed. Static files are served precompressed;
/// small JSON answers are not worth a compressor's set-up cost per request, so only
/// bodies above 1 KiB are compressed, and never the live stream (it must flush each
/// event at once).
fn worth_compressing() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
}

/// A server that is up and listening.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, ends live streams with a final event, waits for in-flight
    /// requests and closes the database.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(true);
        self.task.await.map_err(std::io::Error::other)?
    }

    /// Waits until the server stops by itself (after `signal` fires).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.map_err(std::io::Error::other)?
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database {url}: {source}")]
    Database {
        url: String,
        source: store::StoreError,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// Opens the store, binds, and serves until `signal` completes or [`Running::stop`].
pub async fn start(
    config: &Config,
    signal: impl Future<Output = ()> + Send + 'static,
) -> Result<Running, StartError> {
    let db_error = |source| StartError::Database {
        url: config.database_url.clone(),
        source,
    };
    let store = Store::connect(&config.database_url)
        .await
        .map_err(db_error)?;
    let secret = store.server_secret().await.map_err(db_error)?;
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr.clone(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.addr.clone(),
        source,
    })?;
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let state = AppState::new(
        store.clone(),
        secret,
        shutdown_rx.clone(),
        Limits::from_config(config),
    );
    state
        .hub
        .follow_other_servers(shutdown_rx.clone())
        .await
        .map_err(db_error)?;
    let router = app(state, config).into_make_service_with_connect_info::<SocketAddr>();

    // An external signal (Ctrl-C, SIGTERM) and `Running::stop` both end up flipping
    // the watch, which live streams and the command endpoint also observe.
    let external = shutdown_tx.clone();
    tokio::spawn(async move {
        signal.await;
        let _ = external.send(true);
    });
    let mut until = shutdown_rx;
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = until.wait_for(|down| *down).await;
            })
            .await;
        store.close().await;
        served
    });
    Ok(Running {
        addr,
        shutdown: shutdown_tx,
        task,
    })
}

//! Summit's server. [`app`] builds the router (tests drive it directly); [`start`]
//! binds, serves and shuts down gracefully.
//!
//! Request flow: `routes` authenticate the caller and hand commands to the [`hub`],
//! which decides them with the shared domain rules, commits them to the [`store`]'s
//! event log and publishes them to live streams.

pub mod assets;
pub mod auth;
pub mod client;
pub mod compression;
pub mod config;
pub mod embed;
pub mod error;
pub mod export;
pub mod hub;
pub mod openapi;
pub mod rate_limit;
pub mod retention;
pub mod routes;
pub mod security;
pub mod state;
pub mod store;
pub mod util;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::routing::any;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use tokio::sync::watch;
use tower::ServiceBuilder;

pub use config::Config;
use error::ApiError;
pub use state::{AppState, Limits, Services};
use store::Store;
use summit_shared::ErrorCode;

/// Largest JSON body accepted: the biggest legitimate command is well under this.
const BODY_LIMIT: usize = 64 * 1024;

/// The whole HTTP surface: the API under `/api`, the front end everywhere else.
pub fn app(state: AppState, config: &Config) -> Router {
    let api = Router::from(routes::api())
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
        // pays for every box (BENCHMARKS.md, F11). CORS only when host pages may
        // embed Summit, outermost so that it answers their preflights.
        .layer(
            ServiceBuilder::new()
                .option_layer(config.embed_origins.cors())
                .layer(security::ApiLayer::new(config.embed_origins.clone()))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .with_state(state);
    let frame_ancestors = config
        .embed_origins
        .frame_ancestors(&config.frame_ancestors);
    let csp = security::content_security_policy(&config.assets, &frame_ancestors);
    let csp = HeaderValue::from_str(&csp).unwrap_or_else(|_| {
        HeaderValue::from_static("default-src 'self'; object-src 'none'; frame-ancestors 'none'")
    });
    let pages = assets::router(&config.assets).layer(compression::layer());
    // The widget's host pages load the front end's files from here too.
    let pages = match config.embed_origins.cors() {
        Some(cors) => pages.layer(cors),
        None => pages,
    };
    api.fallback_service(security::pages(pages, csp))
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
        config.trusted_proxies.clone(),
    );
    state
        .hub
        .follow_other_servers(shutdown_rx.clone())
        .await
        .map_err(db_error)?;
    if let Some(days) = config.retention_days {
        retention::spawn(state.hub.clone(), days, shutdown_rx.clone());
    }
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

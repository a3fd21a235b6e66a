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
pub mod routes;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::any;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;
use error::ApiError;
use hub::Hub;
use store::Store;

/// Largest JSON body accepted: the biggest legitimate command is well under this.
const BODY_LIMIT: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    /// Key for signing tickets.
    pub secret: Arc<[u8]>,
    /// Flips to `true` when the server starts shutting down.
    pub shutdown: watch::Receiver<bool>,
}

/// The whole HTTP surface: the API under `/api`, the front end everywhere else.
pub fn app(state: AppState, assets: &std::path::Path) -> Router {
    let api = routes::api()
        .route(
            "/api/{*rest}",
            any(|| async {
                ApiError::NotFound {
                    code: "not_found",
                    message: "There is no such API endpoint.".into(),
                }
            }),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state);
    api.fallback_service(assets::router(assets))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
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
    let state = AppState {
        hub: Arc::new(Hub::new(store.clone())),
        secret: secret.into(),
        shutdown: shutdown_rx.clone(),
    };
    let router = app(state, &config.assets);

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

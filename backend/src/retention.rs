//! The retention period (`--retention-days`, `SUMMIT_RETENTION_DAYS`): sessions
//! closed longer ago than that, and not reopened since, are deleted for good, as
//! the facilitator's "Delete session" does. Checked when the server starts and then
//! hourly; without the setting, sessions are kept forever.

use crate::hub::Hub;
use crate::util::now_ms;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

const SWEEP_INTERVAL: Duration = Duration::from_secs(60 * 60);
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Purges now and then every hour, until `shutdown`.
pub fn spawn(hub: Arc<Hub>, days: u32, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        loop {
            let before = now_ms().saturating_sub(i64::from(days).saturating_mul(DAY_MS));
            match hub.purge_closed(before).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, days, "retention: deleted closed sessions"),
                Err(e) => tracing::warn!(error = %e, "retention: purging closed sessions failed"),
            }
            tokio::select! {
                _ = shutdown.wait_for(|down| *down) => return,
                _ = tokio::time::sleep(SWEEP_INTERVAL) => {}
            }
        }
    });
}

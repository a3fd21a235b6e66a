//! In-memory token buckets: join-code guesses per client address and commands per
//! participant (a limiter per live session, `hub::LiveSession::commands`). Refusals
//! are `429 Too Many Requests` with `Retry-After`.

use crate::util::FastMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Instant;

/// Forget idle buckets once the map grows past this, so memory stays bounded.
const PRUNE_ABOVE: usize = 10_000;

/// A limit: `burst` at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
    pub burst: u32,
    pub per_second: f64,
}

impl Rate {
    pub fn limiter<K: Hash + Eq + Clone>(self) -> RateLimiter<K> {
        RateLimiter::new(self.burst, self.per_second)
    }
}

pub struct RateLimiter<K> {
    burst: f64,
    per_second: f64,
    buckets: Mutex<FastMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(burst: u32, per_second: f64) -> Self {
        RateLimiter {
            burst: f64::from(burst),
            per_second,
            buckets: Mutex::new(FastMap::default()),
        }
    }

    /// Takes one token for `key`; `Err(seconds)` says when to retry.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.take(key, true)
    }

    /// Whether `key` has a token left, without taking it (for limits that only
    /// count failures: check first, [`RateLimiter::check`] on failure).
    pub fn peek(&self, key: &K) -> Result<(), u64> {
        self.take(key, false)
    }

    fn take(&self, key: &K, consume: bool) -> Result<(), u64> {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(()); // A poisoned limiter must not take the service down.
        };
        if buckets.len() > PRUNE_ABOVE {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        // Look up before inserting: `entry` would clone the key on every request.
        let (tokens, at) = match buckets.get_mut(key) {
            Some(bucket) => bucket,
            None => buckets.entry(key.clone()).or_insert((self.burst, now)),
        };
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            if consume {
                *tokens -= 1.0;
            }
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refuses() {
        let limiter = RateLimiter::new(3, 0.5);
        for _ in 0..3 {
            assert!(limiter.check(&"a").is_ok());
        }
        assert_eq!(limiter.check(&"a"), Err(2));
        assert!(limiter.check(&"b").is_ok(), "keys are independent");
    }
}

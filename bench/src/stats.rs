//! Percentiles of recorded samples.

use serde::Serialize;

/// p50 / p90 / p99 / max of a set of samples (microseconds, or any unit).
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Summary {
    pub count: usize,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
    pub mean: f64,
}

impl Summary {
    pub fn of(samples: &mut [i64]) -> Summary {
        if samples.is_empty() {
            return Summary::default();
        }
        samples.sort_unstable();
        let at = |q: f64| {
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i] as f64
        };
        let sum: f64 = samples.iter().map(|&s| s as f64).sum();
        Summary {
            count: samples.len(),
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: samples[samples.len() - 1] as f64,
            mean: sum / samples.len() as f64,
        }
    }

    /// The same summary with every value divided by `by` (e.g. µs → ms).
    pub fn scaled(self, by: f64) -> Summary {
        Summary {
            p50: self.p50 / by,
            p90: self.p90 / by,
            p99: self.p99 / by,
            max: self.max / by,
            mean: self.mean / by,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let mut v: Vec<i64> = (1..=100).collect();
        let s = Summary::of(&mut v);
        assert_eq!(s.p50, 51.0);
        assert_eq!(s.p99, 99.0);
        assert_eq!(s.max, 100.0);
    }
}

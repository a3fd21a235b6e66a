//! Small utilities every part of the server uses: the clock and the fast hash map.

/// Now, as Unix time in milliseconds: what events are stamped with, what tickets
/// expire by and what the browser corrects its clock against.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The maps every command touches (token lookup, idempotency keys, the command rate
/// limiter). foldhash is several times faster than std's SipHash and still randomly
/// seeded, so colliding keys cannot be prepared in advance (and commands are rate
/// limited). The keys map also rehashes as it grows with a session's commands, which
/// SipHash made a visible cost in the write benchmark's profile.
pub type FastMap<K, V> = foldhash::HashMap<K, V>;

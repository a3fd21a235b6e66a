-- The event log moves into a table keyed by one integer per event: its position,
-- (the session's key << 32) | seq. Sessions get that key, a small integer.
--
-- Why: `events` was a WITHOUT ROWID table keyed by (session_id TEXT, seq). SQLite
-- keeps such a table in an index B-tree, whose interior pages hold whole rows, and
-- splits its pages by rebalancing three siblings at a time; every group commit
-- rewrote about 8 pages into the WAL for about 60 votes. Keyed by an integer (the
-- rowid), interior pages hold 8-byte keys, appending at a session's end fills pages
-- in order, and the same commit writes about half as many pages, each of which the
-- commit's fsync must send to the disk (BENCHMARKS.md, F13). Rows also lose the
-- repeated 22-character session id, and with it the foreign key to `sessions`: the
-- one writer looks each session's key up in `sessions` before it appends, so no
-- event can be written for a session that does not exist.
--
-- Commands' idempotency records (0002) keep what the server compares, the first 16
-- bytes of SHA-256 over `actor|key` (command_digest), instead of the actor and the
-- 32-character key; records written before this migration keep their text, since
-- SQLite cannot compute the digest, and the server hashes them when it loads them.
--
-- A session's events are the positions in [key << 32, (key + 1) << 32): up to
-- 4,294,967,295 events per session (the server refuses commands past that), and
-- 2^31 sessions. The key never changes: it is a column of its own, not the implicit
-- rowid, which VACUUM may renumber.
ALTER TABLE sessions ADD COLUMN key INTEGER;
UPDATE sessions SET key = rowid;
CREATE UNIQUE INDEX sessions_by_key ON sessions (key);

CREATE TABLE events_by_position (
    position         INTEGER PRIMARY KEY,
    body             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    -- As in 0002: on the first event of a command sent with an idempotency key.
    command_digest   BLOB,
    command_actor    TEXT,
    command_key      TEXT,
    command_last_seq INTEGER
);

INSERT INTO events_by_position
       (position, body, created_at, command_actor, command_key, command_last_seq)
SELECT (s.key << 32) | e.seq, e.body, e.created_at,
       e.command_actor, e.command_key, e.command_last_seq
  FROM events AS e JOIN sessions AS s ON s.id = e.session_id;

DROP TABLE events;
ALTER TABLE events_by_position RENAME TO events;

-- Idempotency records become an append-only log, read back per session on load.
--
-- Why: browsers send random keys, so the old primary key (session_id, actor, key)
-- put every insert on a different B-tree leaf: about 2.5 WAL pages written per
-- command (BENCHMARKS.md, F1). On SQLite one server owns the file and keeps every
-- loaded session's keys in memory, where retries are checked; the table is only
-- read whole, per session, when a session is loaded. Rows in rowid order and an
-- index on session_id both append at the right edge of their B-trees.
CREATE TABLE idempotency_log (
    session_id TEXT    NOT NULL REFERENCES sessions (id),
    actor      TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL
);

INSERT INTO idempotency_log (session_id, actor, key, first_seq, last_seq)
    SELECT session_id, actor, key, first_seq, last_seq FROM idempotency;

DROP TABLE idempotency;

ALTER TABLE idempotency_log RENAME TO idempotency;

CREATE INDEX idempotency_by_session ON idempotency (session_id);

-- Summit's storage: one append-only event log per session (the source of truth),
-- plus the capabilities (token hashes) that say who may act in which session.

CREATE TABLE sessions (
    id                     TEXT PRIMARY KEY,
    join_code              TEXT NOT NULL UNIQUE,
    facilitator_token_hash TEXT NOT NULL,
    created_at             INTEGER NOT NULL
);

-- (session_id, seq) is the primary key: two writers can never both append the
-- same position, so the per-session sequence stays unique and gap-free.
CREATE TABLE events (
    session_id TEXT    NOT NULL REFERENCES sessions (id),
    seq        INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

CREATE TABLE participants (
    session_id     TEXT    NOT NULL REFERENCES sessions (id),
    participant_id INTEGER NOT NULL,
    token_hash     TEXT    NOT NULL UNIQUE,
    PRIMARY KEY (session_id, participant_id)
);

-- A retried command (same actor, same key) answers with the events it caused the
-- first time instead of running again. first_seq..=last_seq (empty when last < first).
CREATE TABLE idempotency (
    session_id TEXT    NOT NULL REFERENCES sessions (id),
    actor      TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (session_id, actor, key)
) WITHOUT ROWID;

-- Key for signing short-lived stream/download tickets; shared by every server on
-- the same database.
CREATE TABLE server_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);

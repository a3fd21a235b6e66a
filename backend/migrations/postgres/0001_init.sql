-- Summit's storage on PostgreSQL: the same tables and meaning as the SQLite
-- migration (migrations/sqlite/0001_init.sql); only the types differ.

CREATE TABLE sessions (
    id                     TEXT PRIMARY KEY,
    join_code              TEXT NOT NULL UNIQUE,
    facilitator_token_hash TEXT NOT NULL,
    created_at             BIGINT NOT NULL
);

-- (session_id, seq) is the primary key: two servers can never both append the same
-- position, so the per-session sequence stays unique and gap-free.
CREATE TABLE events (
    session_id TEXT   NOT NULL REFERENCES sessions (id),
    seq        BIGINT NOT NULL,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE TABLE participants (
    session_id     TEXT   NOT NULL REFERENCES sessions (id),
    participant_id BIGINT NOT NULL,
    token_hash     TEXT   NOT NULL UNIQUE,
    PRIMARY KEY (session_id, participant_id)
);

CREATE TABLE idempotency (
    session_id TEXT   NOT NULL REFERENCES sessions (id),
    actor      TEXT   NOT NULL,
    key        TEXT   NOT NULL,
    first_seq  BIGINT NOT NULL,
    last_seq   BIGINT NOT NULL,
    PRIMARY KEY (session_id, actor, key)
);

CREATE TABLE server_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);

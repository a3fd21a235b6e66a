-- Idempotency records move into the event log: the first event a command caused
-- carries the command's actor, its key and the last log position it caused.
--
-- Why: browsers send random keys, so the old table's primary key (session_id,
-- actor, key) put every command's insert on a different B-tree leaf, about 2.5 WAL
-- pages written per command (BENCHMARKS.md, F1); and a second table cost a second
-- insert, index and foreign-key check per command. On SQLite one server owns the
-- file and keeps every loaded session's keys in memory, where retries are checked;
-- the keys are only read back, per session, when a session is loaded.
--
-- Records of commands that caused no events (possible only in early builds) have
-- no event to live on and are dropped: a retry of such a command changes nothing
-- either way.
ALTER TABLE events ADD COLUMN command_actor TEXT;
ALTER TABLE events ADD COLUMN command_key TEXT;
ALTER TABLE events ADD COLUMN command_last_seq INTEGER;

UPDATE events
   SET command_actor = i.actor, command_key = i.key, command_last_seq = i.last_seq
  FROM idempotency AS i
 WHERE events.session_id = i.session_id AND events.seq = i.first_seq
   AND i.last_seq >= i.first_seq;

DROP TABLE idempotency;

-- V001: checkpoints and per-session bookkeeping (tombstones).
-- Applied by Migrations inside one transaction, under an advisory lock, only when version 1 is not yet
-- recorded in rollback_schema_migrations; IF NOT EXISTS makes a re-run after a partial manual apply
-- harmless. ${schema} is replaced by the quoted schema name.

-- One row per live checkpoint. The two unique constraints are the compare-and-set of DESIGN.md §4:
-- a second (session_id, sequence) or checkpoint_id fails with SQLState 23505.
CREATE TABLE IF NOT EXISTS ${schema}.rollback_checkpoints (
  checkpoint_id        varchar(64)  NOT NULL,
  session_id           text         NOT NULL,
  sequence             bigint       NOT NULL CHECK (sequence >= 1),
  parent_id            varchar(64),
  type                 varchar(32)  NOT NULL,
  description          text         NOT NULL,
  -- createdAt, lossless: PostgreSQL timestamps keep microseconds, Instant keeps nanoseconds.
  created_epoch_second bigint       NOT NULL,
  created_nano         integer      NOT NULL CHECK (created_nano BETWEEN 0 AND 999999999),
  -- labels as a JSON object of strings, keys sorted; the store writes and parses it.
  labels               text         NOT NULL,
  state_hash           text         NOT NULL,
  chain_hash           text         NOT NULL,
  raw_size             bigint       NOT NULL CHECK (raw_size >= 0),
  stored_size          bigint       NOT NULL CHECK (stored_size >= 0),
  compression          varchar(16)  NOT NULL,
  payload              bytea        NOT NULL,
  CONSTRAINT rollback_checkpoints_pk PRIMARY KEY (checkpoint_id),
  CONSTRAINT rollback_checkpoints_session_sequence_uq UNIQUE (session_id, sequence)
);

-- Payloads arrive already compressed by the engine when worth it: store them out of line, uncompressed.
ALTER TABLE ${schema}.rollback_checkpoints ALTER COLUMN payload SET STORAGE EXTERNAL;

-- list(session, types ...) and the type filter.
CREATE INDEX IF NOT EXISTS rollback_checkpoints_session_type_idx
  ON ${schema}.rollback_checkpoints (session_id, type, sequence);
-- Age-based queries (retention by time, operations' clean-up).
CREATE INDEX IF NOT EXISTS rollback_checkpoints_created_idx
  ON ${schema}.rollback_checkpoints (created_epoch_second, created_nano);

-- One row per session ever appended to. Appends, deletes and deleteSession lock this row first, so
-- they are serialized per session and a deletion cannot interleave with an append's checks.
--   deleted_high_sequence: the highest sequence ever deleted from the session (0: none). Once it is
--     above 0, an append must descend from a live checkpoint of the session (or, with no parent, find
--     the session empty), so a late append from a node that missed a deletion is refused.
--   tombstoned_epoch_ms: when deleteSession last ran (null: never); the session's tombstone.
CREATE TABLE IF NOT EXISTS ${schema}.rollback_sessions (
  session_id            text    NOT NULL,
  deleted_high_sequence bigint  NOT NULL DEFAULT 0,
  tombstoned_epoch_ms   bigint,
  CONSTRAINT rollback_sessions_pk PRIMARY KEY (session_id)
);

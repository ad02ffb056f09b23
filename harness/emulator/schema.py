"""The tables of the emulator's SQLite database, and the statements of ingest."""

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    full_name TEXT NOT NULL,
    created_on INTEGER NOT NULL,
    modified_on INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'device')),
    uid TEXT NOT NULL,
    did TEXT,
    created_on INTEGER NOT NULL,
    revoked_on INTEGER
);
CREATE INDEX IF NOT EXISTS tokens_by_device ON tokens (did);
CREATE TABLE IF NOT EXISTS device_types (
    id TEXT PRIMARY KEY,
    unique_name TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    uid TEXT,
    manifest TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_on INTEGER NOT NULL,
    modified_on INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    uid TEXT NOT NULL,
    dtid TEXT NOT NULL,
    name TEXT NOT NULL,
    manifest_version INTEGER NOT NULL,
    manifest_version_policy TEXT NOT NULL,
    properties TEXT NOT NULL,
    created_on INTEGER NOT NULL,
    modified_on INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS devices_by_user ON devices (uid, created_on);
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY,
    mid TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'action')),
    did TEXT NOT NULL,
    dtid TEXT NOT NULL,
    uid TEXT NOT NULL,
    ts INTEGER NOT NULL,
    cts INTEGER NOT NULL,
    mv INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_device ON messages (did, kind, ts, seq);
CREATE TABLE IF NOT EXISTS rules (
    id TEXT PRIMARY KEY,
    uid TEXT NOT NULL,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    body TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    scope TEXT NOT NULL,
    created_on INTEGER NOT NULL,
    modified_on INTEGER NOT NULL,
    model_ids TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rule_indexes (
    uid TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rule_executions (
    seq INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL,
    mid TEXT,
    sdid TEXT,
    ts INTEGER,
    fired_on INTEGER NOT NULL,
    verdict INTEGER,
    expected TEXT,
    outcomes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_by_rule ON rule_executions (rule_id, seq);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL,
    mid TEXT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_on INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ml_models (
    id TEXT PRIMARY KEY,
    uid TEXT NOT NULL,
    type TEXT NOT NULL,
    sdid TEXT NOT NULL,
    field TEXT NOT NULL,
    zone TEXT NOT NULL,
    parameters TEXT NOT NULL,
    rule_id TEXT,
    created_on INTEGER NOT NULL,
    value_class TEXT NOT NULL,
    state TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS snapshots (
    did TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    ts INTEGER NOT NULL,
    PRIMARY KEY (did, field)
);
"""

INSERT_MESSAGE = (
    "INSERT INTO messages (seq, mid, kind, did, dtid, uid, ts, cts, mv, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
UPSERT_SNAPSHOT = (
    "INSERT INTO snapshots (did, field, value, ts) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (did, field) DO UPDATE SET value = excluded.value, ts = excluded.ts "
    "WHERE excluded.ts >= snapshots.ts"
)

-- The web face's keys: one-time login links an admin asks for in chat, the sessions they
-- start, and the secret that opens the calendar feeds. Login links and sessions are kept
-- only as SHA-256 hashes, so a copy of the database logs nobody in.
CREATE TABLE login_links (
    hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE web_sessions (
    hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
CREATE INDEX login_links_expiry ON login_links (expires_at);

CREATE TABLE feed_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    made_at INTEGER NOT NULL
);

-- Sources, topics with aliases, facts and their full-text index.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    publication TEXT NOT NULL DEFAULT '',
    published TEXT,
    url TEXT NOT NULL DEFAULT '',
    standfirst TEXT NOT NULL DEFAULT '',
    text_file TEXT NOT NULL DEFAULT '',
    full_text TEXT
);

CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT ''
);

-- Every spelling that finds a topic: its own name and its aliases, with the
-- normalised key a lookup uses (one key never leads to two topics).
CREATE TABLE topic_keys (
    label TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    is_alias INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX topic_keys_key ON topic_keys (key, topic_id);
CREATE INDEX topic_keys_topic ON topic_keys (topic_id);

CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources (id),
    quote TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    as_of TEXT,
    verified INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL DEFAULT 'seed',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE fact_topics (
    fact_id INTEGER NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (fact_id, topic_id)
);
CREATE INDEX fact_topics_topic ON fact_topics (topic_id, position, fact_id);

CREATE VIRTUAL TABLE facts_fts USING fts5 (
    quote, note, content = 'facts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER facts_fts_insert AFTER INSERT ON facts BEGIN
    INSERT INTO facts_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
CREATE TRIGGER facts_fts_delete AFTER DELETE ON facts BEGIN
    INSERT INTO facts_fts (facts_fts, rowid, quote, note) VALUES ('delete', old.id, old.quote, old.note);
END;
CREATE TRIGGER facts_fts_update AFTER UPDATE OF quote, note ON facts BEGIN
    INSERT INTO facts_fts (facts_fts, rowid, quote, note) VALUES ('delete', old.id, old.quote, old.note);
    INSERT INTO facts_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;

-- Every change to a fact, topic or source, with who made it, when, and the
-- state before and after as JSON, so history can be shown and undone.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL CHECK (entity IN ('fact', 'topic', 'source')),
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    before TEXT,
    after TEXT,
    undoes INTEGER REFERENCES revisions (id),
    CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX revisions_entity ON revisions (entity, entity_id, id);
-- A revision is undone at most once, even when two admins undo at the same moment.
CREATE UNIQUE INDEX revisions_undone ON revisions (undoes) WHERE undoes IS NOT NULL;

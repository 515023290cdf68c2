-- Events, their reminder deliveries (one row per reminder per channel per
-- platform, with a state) and anonymous RSVPs.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'event' CHECK (kind IN ('event', 'announcement')),
    title TEXT NOT NULL,
    -- The first occurrence as wall-clock time in the zone, and its UTC instant.
    local_start TEXT NOT NULL,
    timezone TEXT NOT NULL,
    first_start TEXT NOT NULL,
    -- The occurrence reminders are currently planned for (UTC).
    next_start TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    reminders TEXT NOT NULL DEFAULT '',
    channels TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    -- 1 once a recurring rule has no occurrence left.
    ended INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_next ON events (cancelled_at, next_start);
CREATE INDEX events_created ON events (created_by, created_at);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'notice')),
    occurrence TEXT,
    offset_s INTEGER NOT NULL DEFAULT 0,
    channel TEXT NOT NULL,
    platform TEXT NOT NULL,
    target TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    due_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (
        state IN ('pending', 'sending', 'sent', 'late', 'missed', 'cancelled', 'failed')),
    key TEXT NOT NULL UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at TEXT,
    message_id TEXT,
    sent_at TEXT,
    error TEXT NOT NULL DEFAULT '',
    reported INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE INDEX deliveries_event ON deliveries (event_id, occurrence);

-- Who is going, as a salted hash of (event, person): the bot keeps no list of names.
CREATE TABLE rsvps (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    who TEXT NOT NULL,
    going INTEGER NOT NULL,
    PRIMARY KEY (event_id, who)
);

-- The language the bot speaks in a room or channel, set there with !language; rooms not
-- listed speak the group's default ([bot] language).
CREATE TABLE room_languages (
    platform TEXT NOT NULL,
    room TEXT NOT NULL,
    language TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (platform, room)
);

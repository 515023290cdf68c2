-- Whether a web session was opened by an admin listed in [roles] admins (kept while they are
-- listed) or by an admin by a platform's power (which the web cannot re-check: it lasts an
-- hour). Sessions opened before this are counted as a platform's: they end within the hour.
ALTER TABLE web_sessions ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;

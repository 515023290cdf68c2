-- Whether a web session, or the login link that opens one, is for an admin listed in [roles]
-- admins (kept while they are listed) or for an admin by a platform's power (which the web
-- cannot re-check: the session lasts an hour). Sessions opened before this are counted as
-- a platform's and end within the hour; links made before this open a platform's session.
ALTER TABLE web_sessions ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_links ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
UPDATE web_sessions
SET expires_at = MIN(expires_at, CAST(strftime('%s', 'now') AS INTEGER) + 3600);

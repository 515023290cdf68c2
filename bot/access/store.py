"""Login links, sessions and the calendar key: each read or change one hop to the database."""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Iterable
from datetime import timedelta

from bot.access.errors import LoginLinkRefused
from bot.access.records import Admin, WebSession, hashed, new_token
from bot.core.ports import Clock
from bot.storage.database import Database

LOGIN_LINK_LIFETIME = timedelta(minutes=10)
# An admin listed in [roles] admins, re-checked on every request while the session lasts.
SESSION_LIFETIME = timedelta(hours=12)
# An admin by a platform's power (room power levels, server roles), which the web cannot see
# being taken away: the session is short instead.
PLATFORM_SESSION_LIFETIME = timedelta(hours=1)


def _feed_key(connection: sqlite3.Connection) -> str | None:
    """The calendar key now, or None before the first is made."""
    row = connection.execute("SELECT token FROM feed_keys WHERE id = 1").fetchone()
    return str(row[0]) if row else None


def _usable(connection: sqlite3.Connection, token: str, now: int) -> sqlite3.Row:
    """The login link ``token`` names, refused when unknown, used or expired."""
    row: sqlite3.Row | None = connection.execute(
        "SELECT * FROM login_links WHERE hash = ?", (hashed(token),)
    ).fetchone()
    if row is None:
        raise LoginLinkRefused("unknown")
    if row["used_at"] is not None:
        raise LoginLinkRefused("used")
    if row["expires_at"] < now:
        raise LoginLinkRefused("expired")
    return row


def _session_from_row(row: sqlite3.Row) -> WebSession:
    """A WebSession from a web_sessions row."""
    admin = Admin(row["person_id"], row["person_name"], row["reason"])
    return WebSession(admin, row["csrf"], int(row["expires_at"]))


class AccessStore:
    """Issues and checks the keys to the web face's admin pages and calendar feeds.

    ``listed_admins``: the ids [roles] makes admins now; a session one of them opened ends
    when the id is no longer listed.
    """

    def __init__(self, database: Database, clock: Clock, listed_admins: Iterable[str] = ()) -> None:
        self.db = database
        self.clock = clock
        self.listed_admins = frozenset(listed_admins)

    def _now(self) -> int:
        """The time now, in whole seconds since the epoch."""
        return int(self.clock.now().timestamp())

    def _revoked(self, row: sqlite3.Row) -> bool:
        """Whether a login link's or session's row was for an admin [roles] no longer lists."""
        return bool(row["listed"]) and row["person_id"] not in self.listed_admins

    def _still_granted(self, link: sqlite3.Row) -> sqlite3.Row:
        """``link``, refused when it was made for an admin [roles] no longer lists."""
        if self._revoked(link):
            raise LoginLinkRefused("revoked")
        return link

    async def issue_login(self, admin: Admin) -> str:
        """A one-time login link token for ``admin``, valid for ten minutes."""
        token = new_token()
        now = self._now()
        expires = now + int(LOGIN_LINK_LIFETIME.total_seconds())

        listed = admin.person_id in self.listed_admins

        def issue(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM login_links WHERE expires_at < ?", (now,))
            connection.execute(
                "INSERT INTO login_links"
                " (hash, person_id, person_name, reason, expires_at, listed)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (hashed(token), admin.person_id, admin.name, admin.reason, expires, listed),
            )

        await self.db.write("issue a login link", issue)
        return token

    async def check_login(self, token: str) -> None:
        """Refuse a login link that would not open a session now (nothing is used up)."""
        now = self._now()

        def check(connection: sqlite3.Connection) -> None:
            self._still_granted(_usable(connection, token, now))

        await self.db.read("check a login link", check)

    async def redeem_login(self, token: str) -> tuple[str, WebSession]:
        """Use a login link once: a new session's token and the session it opens."""
        now = self._now()
        session_token, csrf = new_token(), new_token()

        def redeem(connection: sqlite3.Connection) -> WebSession:
            row = self._still_granted(_usable(connection, token, now))
            # Compare-and-set: of two requests racing with one link, only one opens a session.
            used = connection.execute(
                "UPDATE login_links SET used_at = ? WHERE hash = ? AND used_at IS NULL",
                (now, row["hash"]),
            )
            if used.rowcount != 1:
                raise LoginLinkRefused("used")
            admin = Admin(row["person_id"], row["person_name"], row["reason"])
            listed = admin.person_id in self.listed_admins
            lifetime = SESSION_LIFETIME if listed else PLATFORM_SESSION_LIFETIME
            expires = now + int(lifetime.total_seconds())
            connection.execute("DELETE FROM web_sessions WHERE expires_at < ?", (now,))
            connection.execute(
                "INSERT INTO web_sessions"
                " (hash, person_id, person_name, reason, csrf, expires_at, listed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    hashed(session_token),
                    admin.person_id,
                    admin.name,
                    admin.reason,
                    csrf,
                    expires,
                    listed,
                ),
            )
            return WebSession(admin, csrf, expires)

        return session_token, await self.db.write("redeem a login link", redeem)

    async def session(self, token: str) -> WebSession | None:
        """The live session a cookie's token names, or None (also when [roles] no longer
        lists the admin it was opened for)."""
        now = self._now()

        def read(connection: sqlite3.Connection) -> WebSession | None:
            row = connection.execute(
                "SELECT * FROM web_sessions WHERE hash = ? AND expires_at >= ?",
                (hashed(token), now),
            ).fetchone()
            if row is None or self._revoked(row):
                return None
            return _session_from_row(row)

        return await self.db.read("a web session", read)

    async def end_session(self, token: str) -> None:
        """Log a session out."""

        def end(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM web_sessions WHERE hash = ?", (hashed(token),))

        await self.db.write("end a web session", end)

    async def end_sessions(self, person_id: str) -> int:
        """End every live session of ``person_id``, and void their unused login links;
        how many sessions ended."""
        now = self._now()

        def end(connection: sqlite3.Connection) -> int:
            ended = connection.execute(
                "DELETE FROM web_sessions WHERE person_id = ? AND expires_at >= ?",
                (person_id, now),
            ).rowcount
            connection.execute("DELETE FROM web_sessions WHERE expires_at < ?", (now,))
            connection.execute("DELETE FROM login_links WHERE person_id = ?", (person_id,))
            return int(ended)

        return await self.db.write("end one admin's web sessions", end)

    async def end_every_session(self) -> int:
        """End every session there is, and void every unused login link (the operator's way
        out); how many sessions there were."""

        def end(connection: sqlite3.Connection) -> int:
            connection.execute("DELETE FROM login_links")
            return int(connection.execute("DELETE FROM web_sessions").rowcount)

        return await self.db.write("end every web session", end)

    async def feed_token(self) -> str:
        """The calendar key, made the first time it is asked for."""

        found = await self.db.read("the calendar key", _feed_key)
        return found if found is not None else await self._make_feed_token(replace=False)

    async def rotate_feed_token(self) -> str:
        """A new calendar key: links with the old one stop working at once."""
        return await self._make_feed_token(replace=True)

    async def _make_feed_token(self, *, replace: bool) -> str:
        """Store a new calendar key (``replace``: over the old one) and return the key kept."""
        token, now = new_token(), self._now()
        verb = "REPLACE" if replace else "IGNORE"

        def make(connection: sqlite3.Connection) -> str:
            connection.execute(
                f"INSERT OR {verb} INTO feed_keys (id, token, made_at) VALUES (1, ?, ?)",
                (token, now),
            )
            return _feed_key(connection) or token

        return await self.db.write("make the calendar key", make)

    async def opens_feeds(self, token: str) -> bool:
        """Whether ``token`` is the calendar key now (compared in constant time)."""

        current = await self.db.read("the calendar key", _feed_key)
        return current is not None and hmac.compare_digest(current.encode(), token.encode())

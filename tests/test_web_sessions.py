"""Web editor sessions end with the role that opened them, after an hour for a platform's
admin, and whenever their admin or the operator says so (issue 11)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import RoleSettings
from bot.core.clock import ManualClock
from bot.core.model import Person
from bot.storage.database import open_database
from bot.web.sessions import COOKIE
from tests.admin_helpers import cli, db_args
from tests.sql import migrate_to
from tests.webkit import START, Site, admin, open_site

ALICE = Person("test:alice", "alice")  # an admin only because [roles] lists her
LISTED = RoleSettings(admins=("test:alice",))


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    """The bot and its web face, with alice listed in [roles] admins."""
    async for opened in open_site(tmp_path / "bot.db", roles=LISTED):
        yield opened


def cookie_of(site: Site) -> str:
    """The session cookie the site's client holds now."""
    jar = site.client.session.cookie_jar.filter_cookies(site.client.make_url("/"))
    return jar[COOKIE].value


async def opens_editor(site: Site, cookie: str) -> bool:
    """Whether ``cookie`` opens the editor now (nothing else is sent with it)."""
    site.client.session.cookie_jar.clear()
    response = await site.client.get("/admin", cookies={COOKIE: cookie})
    assert response.status in (200, 403), response.status
    return response.status == 200


async def test_a_session_ends_once_roles_no_longer_lists_its_admin(tmp_path: Path) -> None:
    clock = ManualClock(START)
    async for listed in open_site(tmp_path / "bot.db", roles=LISTED, clock=clock):
        await listed.log_in(ALICE)
        cookie = cookie_of(listed)
        clock.advance(timedelta(hours=2))
        assert await opens_editor(listed, cookie)
    # The operator takes alice out of [roles] and restarts the bot.
    async for unlisted in open_site(tmp_path / "bot.db", clock=clock):
        assert not await opens_editor(unlisted, cookie)
        assert (await unlisted.say("!web login", ALICE)).startswith("Only admins")


async def test_a_platform_admin_s_session_lasts_an_hour(site: Site) -> None:
    await site.log_in(admin("test:ben"))  # an admin by a platform's power, not by [roles]
    ben = cookie_of(site)
    await site.log_in(ALICE)
    alice = cookie_of(site)
    site.clock.advance(timedelta(minutes=59))
    assert await opens_editor(site, ben)
    site.clock.advance(timedelta(minutes=1, seconds=1))
    assert not await opens_editor(site, ben)
    assert await opens_editor(site, alice)
    site.clock.advance(timedelta(hours=11))
    assert not await opens_editor(site, alice)


async def test_web_logout_ends_every_session_of_its_admin_only(site: Site) -> None:
    alice = []
    for _ in range(2):  # two browsers
        await site.log_in(ALICE)
        alice.append(cookie_of(site))
    await site.log_in(admin("test:ben"))
    ben = cookie_of(site)
    assert await site.say("!web logout", ALICE, direct=False) == (
        "Logged out: 2 web editor sessions of yours ended."
    )
    for cookie in alice:
        assert not await opens_editor(site, cookie)
    assert await opens_editor(site, ben)
    assert await site.say("!web logout", ALICE) == "You had no web editor session open."


async def test_web_logout_answers_in_the_room_language(site: Site) -> None:
    await site.say("!language es", ALICE, direct=False)
    await site.log_in(ALICE)
    assert await site.say("!web logout", ALICE, direct=False) == (
        "Has cerrado sesión: ha terminado 1 sesión tuya del editor web."
    )
    assert await site.say("!web logout", ALICE, direct=False) == (
        "No tenías ninguna sesión abierta en el editor web."
    )


async def test_web_logout_counts_as_the_room_language_counts(site: Site) -> None:
    await site.say("!language ar", ALICE, direct=False)
    for _ in range(2):
        await site.log_in(ALICE)
    # Arabic says two with the dual, and no number.
    assert await site.say("!web logout", ALICE, direct=False) == (
        "سُجّل خروجك: انتهت جلستان لك في محرر الويب."
    )


@pytest.mark.parametrize("db_first", [False, True], ids=["db-after", "db-before"])
async def test_the_operator_ends_every_session(site: Site, db_first: bool) -> None:
    await site.log_in(ALICE)
    alice = cookie_of(site)
    await site.log_in(admin("test:ben"))
    ben = cookie_of(site)
    db = db_args(site.app.database.path)
    # `web --db X logout-all` names the same database as `web logout-all --db X`.
    done = cli("web", *db, "logout-all") if db_first else cli("web", "logout-all", *db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Ended 2 web editor sessions.\n"
    assert not await opens_editor(site, alice)
    assert not await opens_editor(site, ben)


ON_THE_BOT_S_DATABASE = ["web logout-all", "db backup"]


def on_the_bot_s_database(command: str, folder: Path) -> list[str]:
    """``command`` as typed, a backup written into ``folder``."""
    return [*command.split(), *([str(folder / "copy.db")] if command == "db backup" else [])]


@pytest.mark.parametrize("command", ON_THE_BOT_S_DATABASE)
def test_a_command_on_the_bot_s_database_refuses_one_not_there_and_creates_nothing(
    tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "typo" / "bot.db"
    done = cli(*on_the_bot_s_database(command, tmp_path), *db_args(missing))
    assert done.returncode == 3, done.stdout
    assert done.stderr == (
        f"Database error: There is no database at {missing}: nothing was done. Name the bot's"
        " database with --db or [bot] database.\n"
    )
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ON_THE_BOT_S_DATABASE)
def test_a_command_on_the_bot_s_database_leaves_another_sqlite_file_alone(
    tmp_path: Path, command: str
) -> None:
    other = tmp_path / "notes.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.execute("INSERT INTO notes VALUES ('shopping')")
        connection.commit()
    before = other.read_bytes()
    done = cli(*on_the_bot_s_database(command, tmp_path), *db_args(other))
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        f"Database error: {other} is not a campaign-bot database"
        " (no such table: schema_migrations)."
    ]
    assert other.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.db"]


async def test_a_link_made_for_a_listed_admin_opens_nothing_once_unlisted(tmp_path: Path) -> None:
    clock = ManualClock(START)
    async for listed in open_site(tmp_path / "bot.db", roles=LISTED, clock=clock):
        token = await listed.login_token(ALICE)
    # The operator takes alice out of [roles] and restarts the bot within the ten minutes.
    async for unlisted in open_site(tmp_path / "bot.db", clock=clock):
        shown = await unlisted.client.get(f"/login/{token}")
        assert "no longer lists" in await shown.text()
        used = await unlisted.client.post(f"/login/{token}", allow_redirects=False)
        assert used.status == 403
        assert "no longer lists" in await used.text()
        jar = unlisted.client.session.cookie_jar.filter_cookies(unlisted.client.make_url("/"))
        assert COOKIE not in jar


async def test_sessions_opened_before_the_grants_migration_end_within_the_hour(
    tmp_path: Path,
) -> None:
    database = tmp_path / "older.db"
    with closing(sqlite3.connect(database)) as connection:
        migrate_to(connection, 9)
        now = int(time.time())
        connection.execute(
            "INSERT INTO web_sessions VALUES ('h', 'test:ben', 'ben', 'power', 'c', ?)",
            (now + 12 * 3600,),
        )
        connection.commit()
    await (await open_database(database)).close()
    with closing(sqlite3.connect(database)) as connection:
        [(expires, listed)] = connection.execute("SELECT expires_at, listed FROM web_sessions")
    assert listed == 0
    assert expires <= int(time.time()) + 3600


async def test_logging_out_voids_the_login_links_not_yet_used(site: Site) -> None:
    own = await site.login_token(ALICE)
    others = await site.login_token(admin("test:ben"))
    await site.say("!web logout", ALICE)
    refused = await site.client.post(f"/login/{own}", allow_redirects=False)
    assert refused.status == 403 and "This login link is not valid." in await refused.text()
    # Alice's logout is hers: Ben's link still opens its page.
    assert (await site.client.get(f"/login/{others}")).status == 200
    done = cli("web", "logout-all", *db_args(site.app.database.path))
    assert done.returncode == 0, done.stderr
    refused = await site.client.post(f"/login/{others}", allow_redirects=False)
    assert refused.status == 403 and "This login link is not valid." in await refused.text()

"""`campaign-bot run` against Synapse: restarts keep the device, a dead token stops the bot."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import aiohttp

from tests.matrix.conftest import CITATION, People, token_env, unique
from tests.matrix.homeserver import Homeserver
from tests.matrix.process import BotProcess, write_config


async def devices(homeserver: Homeserver, token: str) -> list[str]:
    """The device ids of the account that owns ``token``."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{homeserver.url}/_matrix/client/v3/devices"
    async with aiohttp.ClientSession(headers=headers) as http, http.get(url) as answer:
        return sorted(d["device_id"] for d in (await answer.json())["devices"])


async def test_sigkill_and_restart_keeps_the_device_and_skips_history(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    alice = await people.new("alice", encrypted=True)
    account = await homeserver.register(unique("bot"))
    config = write_config(tmp_path, homeserver.url, account.user_id, [alice.user_id])
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    room = await alice.create_room([account.user_id], encrypted=True)
    await alice.wait_member(room, account.user_id, "join")
    first = await alice.ask(room, "!iom")
    assert first.decrypted and CITATION in first.body

    bot.kill()
    missed = await alice.say(room, "!facts varrp")
    bot.start()
    await bot.ready()
    again = await alice.ask(room, "!facts waiver")
    assert again.decrypted and CITATION in again.body
    assert alice.replies_to(missed) == []
    assert await devices(homeserver, account.token) == [account.device_id]


async def test_password_is_used_once_then_the_saved_token(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    alice = await people.new("alice")
    account = await homeserver.register(unique("bot"))
    config = write_config(tmp_path, homeserver.url, account.user_id, [alice.user_id])
    bot = BotProcess(config, {"CAMPAIGN_BOT_MATRIX_PASSWORD": account.password})
    processes.append(bot)
    bot.start()
    await bot.ready()
    saved = tmp_path / "matrix" / "credentials.json"
    assert saved.stat().st_mode & 0o777 == 0o600
    device = json.loads(saved.read_text())["device_id"]
    assert account.password not in saved.read_text()
    assert account.password not in bot.output()
    room = await alice.create_room([account.user_id])
    await alice.wait_member(room, account.user_id, "join")
    await alice.ask(room, "!iom")

    bot.kill()
    bot.start(env={})
    await bot.ready()
    await alice.ask(room, "!facts varrp")
    assert json.loads(saved.read_text())["device_id"] == device
    assert await devices(homeserver, account.token) == sorted([account.device_id, device])


async def test_a_revoked_token_stops_the_bot_with_a_clear_message(
    homeserver: Homeserver, tmp_path: Path, processes: list[BotProcess]
) -> None:
    account = await homeserver.register(unique("bot"))
    config = write_config(tmp_path, homeserver.url, account.user_id, [])
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    await homeserver.logout(account)
    assert await bot.exited() == 2
    output = bot.output()
    assert "refused the access token (M_UNKNOWN_TOKEN)" in output
    assert "CAMPAIGN_BOT_MATRIX_TOKEN" in output
    assert account.token not in output
    assert "Traceback" not in output

    bot.start()
    assert await bot.exited() == 2
    assert "refused the access token (M_UNKNOWN_TOKEN)" in bot.output()


async def test_no_token_is_a_config_error(
    homeserver: Homeserver, tmp_path: Path, processes: list[BotProcess]
) -> None:
    config = write_config(tmp_path, homeserver.url, "@nobody:campaign.test", [])
    bot = BotProcess(config, {})
    processes.append(bot)
    bot.start()
    assert await bot.exited() == 2
    assert "[matrix]: no login: set CAMPAIGN_BOT_MATRIX_TOKEN" in bot.output()


async def test_a_paused_bot_fetches_what_a_limited_sync_left_out(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    alice = await people.new("alice")
    account = await homeserver.register(unique("bot"))
    config = write_config(
        tmp_path, homeserver.url, account.user_id, [alice.user_id], timeline_limit=2
    )
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    room = await alice.create_room([account.user_id])
    await alice.wait_member(room, account.user_id, "join")
    await alice.ask(room, "!iom")
    bot.signal(signal.SIGSTOP)
    asked = [await alice.say(room, f"!fact {n}") for n in range(1, 13)]
    bot.signal(signal.SIGCONT)
    for event_id in asked:
        await alice.reply(event_id)
    assert all(len(alice.replies_to(event_id)) == 1 for event_id in asked)
    assert "a limited sync left out" in bot.output()


async def test_the_store_is_made_private_even_when_an_old_one_was_loose(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    alice = await people.new("alice", encrypted=True)
    account = await homeserver.register(unique("bot"))
    store = tmp_path / "matrix"
    store.mkdir()
    store.chmod(0o755)  # as an older version, or a careless copy, left it
    (store / "sync_token").write_text("")
    (store / "sync_token").chmod(0o644)
    config = write_config(tmp_path, homeserver.url, account.user_id, [alice.user_id])
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    room = await alice.create_room([account.user_id], encrypted=True)
    await alice.wait_member(room, account.user_id, "join")
    assert (await alice.ask(room, "!iom")).decrypted
    assert store.stat().st_mode & 0o777 == 0o700
    files = {path.name: path.stat().st_mode & 0o777 for path in store.iterdir()}
    assert any(name.endswith(".db") for name in files), files  # nio's key database
    assert set(files.values()) == {0o600}, files
    assert f"{store} had mode 0755, open to other users: now 0700" in bot.output()
    assert f"{store / 'sync_token'} had mode 0644, open to other users: now 0600" in bot.output()

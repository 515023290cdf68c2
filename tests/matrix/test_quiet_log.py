"""`campaign-bot run` at INFO on Matrix and Discord at once: a line per event that matters,
none per message, and never what anyone wrote."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.discord_fake.fixtures import TOKEN
from tests.discord_fake.server import FakeDiscord
from tests.matrix.conftest import People, token_env, unique
from tests.matrix.homeserver import Homeserver
from tests.matrix.process import BotProcess, write_config

# Words nobody else uses, so finding one in the log can only mean a message was logged.
SECRET = "quokkaplinth"
LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ (?P<level>[A-Z]+) (?P<logger>[\w.]+): ", re.M)


def log_lines(text: str) -> list[tuple[str, str, str]]:
    """(level, logger, line) for every log line in ``text``."""
    return [
        (found["level"], found["logger"], text[found.start() : text.find("\n", found.start())])
        for found in LINE.finditer(text)
    ]


async def discord_ask(fake: FakeDiscord, user: dict[str, Any], text: str) -> None:
    """Type ``text`` in the home server's channel and wait for the bot's answer."""
    await fake.answer_to(await fake.say(fake.home, user, text))


async def test_info_logs_events_that_matter_and_no_message(
    homeserver: Homeserver,
    people: People,
    fake: FakeDiscord,
    tmp_path: Path,
    processes: list[BotProcess],
) -> None:
    alice = await people.new("alice")
    account = await homeserver.register(unique("bot"))
    discord = (
        f'[discord]\nguilds = ["{fake.home["id"]}"]\n'
        f'api_base_url = "{fake.api_base_url}"\ngateway_url = "{fake.gateway_url}"\n'
    )
    config = write_config(tmp_path, homeserver.url, account.user_id, [alice.user_id], tail=discord)
    bot = BotProcess(config, {**token_env(account), "CAMPAIGN_BOT_DISCORD_TOKEN": TOKEN})
    processes.append(bot)
    bot.start()
    await bot.ready()
    room = await alice.create_room([account.user_id])
    await alice.wait_member(room, account.user_id, "join")
    await alice.ask(room, "!iom")
    await alice.until(lambda: "Discord ready as" in bot.output(), "Discord to be ready")
    before = len(log_lines(bot.output()))

    commands = [
        "!facts varrp",
        f"!facts search {SECRET}",
        f"!{SECRET}",
        "!help",
        f"{SECRET} is not a command at all",
    ]
    for text in commands:
        await alice.ask(room, text) if text.startswith("!") else await alice.say(room, text)
    carol = fake.user("carol")
    for text in commands[:4]:
        await discord_ask(fake, carol, text)
    await alice.ask(room, "!iom")  # everything before it has been handled

    output = bot.output()
    lines = log_lines(output)
    assert SECRET not in output
    assert lines[before:] == []
    loggers = {logger for _, logger, _ in lines}
    assert not {name for name in loggers if name.startswith(("nio", "apscheduler"))}, loggers
    said = "\n".join(line for _, _, line in lines)
    assert f"joining {room} (invited by {alice.user_id})" in said

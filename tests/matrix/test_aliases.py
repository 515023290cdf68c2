"""Room aliases trusted once (issue 11): whoever controls an alias must not take the group over.

An alias in home_rooms, allow_rooms or a [channels.*] room is looked up when the bot starts,
never again, and pinned to the room it named; each attack below moves or makes an alias.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nio import RoomDeleteAliasResponse, RoomPutAliasResponse

from bot.adapters.matrix.pins import PINS_FILE, AliasMoved, AliasNotFound, RoomAliasesRefused
from tests.matrix.clients import ChatUser
from tests.matrix.conftest import Bots, People, add_bot, group_room, token_env, unique
from tests.matrix.homeserver import Homeserver
from tests.matrix.process import BotProcess, write_config
from tests.matrix.test_reminders import ADD, STARTING, posts, settle
from tests.processes import bot_command, run


def new_alias(tester: ChatUser) -> str:
    """An alias nobody made yet, on ``tester``'s server."""
    return f"#{unique('campaign')}:{server_of(tester)}"


def server_of(tester: ChatUser) -> str:
    """The server part of ``tester``'s id."""
    return tester.user_id.partition(":")[2]


async def point(tester: ChatUser, alias: str, room: str, *, moved: bool = False) -> None:
    """``tester`` makes ``alias`` name ``room`` (``moved``: deleting it from where it was)."""
    if moved:
        assert isinstance(await tester.client.room_delete_alias(alias), RoomDeleteAliasResponse)
    assert isinstance(await tester.client.room_put_alias(alias, room), RoomPutAliasResponse)


async def role_line(tester: ChatUser, room: str) -> str:
    """The first line of the bot's answer to !whoami."""
    return str((await tester.ask(room, "!whoami")).body).splitlines()[0]


async def test_a_home_alias_that_names_no_room_stops_the_start(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    # Once started, anyone on an allowed server could make the alias name her own room,
    # invite the bot there and be an admin of the whole group as that room's creator.
    mallory = await people.new("mallory")
    home = await group_room(mallory)
    alias = new_alias(mallory)
    account = await homeserver.register(unique("bot"))
    rooms = {"home_rooms": f'["{alias}", "{home}"]', "allow_servers": f'["{server_of(mallory)}"]'}
    config = write_config(tmp_path, homeserver.url, account.user_id, [], **rooms)
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    assert await bot.exited() == 2
    assert f"matrix.home_rooms: {alias} names no room" in bot.output()
    assert "name the room by its id" in bot.output()
    assert "Traceback" not in bot.output() and "listening" not in bot.output()


@pytest.mark.parametrize("corrupt", ['{"#campaign:example.org": "!AbC', "[]", '{"#a:b": 7}'])
async def test_a_pins_file_that_cannot_be_read_stops_the_start_in_one_line(
    homeserver: Homeserver,
    people: People,
    tmp_path: Path,
    processes: list[BotProcess],
    corrupt: str,
) -> None:
    # Read as empty, it would pin every alias afresh to whatever room it names today.
    alice = await people.new("alice")
    home = await group_room(alice)
    alias = new_alias(alice)
    await point(alice, alias, home)
    account = await homeserver.register(unique("bot"))
    config = write_config(tmp_path, homeserver.url, account.user_id, [], home_rooms=f'["{alias}"]')
    pins = tmp_path / "matrix" / PINS_FILE
    pins.parent.mkdir(mode=0o700)
    pins.write_text(corrupt)
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    assert await bot.exited() == 2
    said = bot.output()
    assert (
        f"Config error in {pins}: 1 problem\n  - the pinned room aliases cannot be read (" in said
    )
    [problem] = [line for line in said.splitlines() if "cannot be read" in line]
    assert problem.endswith("restore the file, or delete it to pin each alias afresh to the room"
                            " it names now"), problem  # fmt: skip
    assert "Traceback" not in said and "listening" not in said, said
    assert pins.read_text() == corrupt


def test_matrix_pin_refuses_to_write_over_a_pins_file_it_cannot_read(tmp_path: Path) -> None:
    store = tmp_path / "matrix"
    store.mkdir(mode=0o700)
    (store / PINS_FILE).write_text('{"#old:example.org": ')
    config = tmp_path / "config.toml"
    config.write_text(
        '[matrix]\nhomeserver = "http://127.0.0.1:9"\nuser_id = "@bot:example.org"\n'
        f'store = "{store}"\n'
    )
    pinned = run(
        bot_command(
            "matrix", "pin", "#new:example.org", "!AbC:example.org", "--config", str(config)
        ),
        capture_output=True,
        text=True,
    )
    assert pinned.returncode == 2
    assert pinned.stderr.startswith(f"Config error in {store / PINS_FILE}: 1 problem\n")
    assert "Traceback" not in pinned.stderr, pinned.stderr
    assert (store / PINS_FILE).read_text() == '{"#old:example.org": '


async def test_an_alias_that_names_no_room_is_named_in_the_error(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    missing = new_alias(alice)
    with pytest.raises(RoomAliasesRefused) as refused:
        await bots.start([], home_rooms=(missing,))
    assert str(refused.value).startswith(f"matrix.home_rooms: {missing} names no room ("), str(
        refused.value
    )


async def test_every_alias_is_looked_up_at_start_up(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    missing = [new_alias(alice) for _ in range(3)]
    with pytest.raises(RoomAliasesRefused) as refused:
        await bots.start(
            [],
            allow_rooms=(missing[0],),
            home_rooms=(missing[1],),
            channels={"main": missing[2]},
        )
    found = {(r.key, r.alias) for r in refused.value.refusals if isinstance(r, AliasNotFound)}
    assert found == {
        ("matrix.allow_rooms", missing[0]),
        ("matrix.home_rooms", missing[1]),
        ("channels.main.matrix", missing[2]),
    }


async def test_a_home_alias_moved_to_another_room_stops_the_next_start(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    mallory = await people.new("mallory")  # made the alias once, as a helpful member
    home = await group_room(alice, mallory)
    alias = new_alias(mallory)
    await point(mallory, alias, home)
    allowed = (server_of(mallory),)
    first = await bots.start([], allow_servers=allowed, home_rooms=(alias,))
    await add_bot(alice, home, first)
    assert await role_line(alice, home) == f"admin: room creator in home room {alias}"
    await first.stop()

    own = await mallory.create_room([])
    await point(mallory, alias, own, moved=True)
    with pytest.raises(RoomAliasesRefused) as refused:
        await bots.start([], allow_servers=allowed, home_rooms=(alias,), account=first.account)
    assert refused.value.refusals == (AliasMoved("matrix.home_rooms", alias, home, own),)


async def test_an_alias_change_accepted_by_the_operator_counts(
    homeserver: Homeserver, people: People, bots: Bots, tmp_path: Path
) -> None:
    alice = await people.new("alice")
    old = await group_room(alice)
    alias = new_alias(alice)
    await point(alice, alias, old)
    first = await bots.start([alice.user_id], home_rooms=(alias,))
    await first.stop()
    moved = await group_room(alice)  # the group really moved to a new room
    await point(alice, alias, moved, moved=True)
    with pytest.raises(RoomAliasesRefused):
        await bots.start([alice.user_id], home_rooms=(alias,), account=first.account)

    store = bots.directory / first.user_id / "matrix"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[matrix]\nhomeserver = "{homeserver.url}"\nuser_id = "{first.user_id}"\n'
        f'store = "{store}"\nhome_rooms = ["{alias}"]\n'
    )
    accepted = run(
        bot_command("matrix", "pin", alias, moved, "--config", str(config)),
        capture_output=True,
        text=True,
    )
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip() == f"{alias} is pinned to {moved}."
    again = await bots.start([alice.user_id], home_rooms=(alias,), account=first.account)
    await add_bot(alice, moved, again)
    assert await role_line(alice, moved) == f"admin: room creator in home room {alias}"


async def test_a_channel_alias_moved_after_start_up_still_posts_to_the_pinned_room(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    mallory = await people.new("mallory")
    group = await group_room(alice, mallory)
    alias = new_alias(mallory)
    await point(mallory, alias, group)
    bot = await bots.start(
        [], admins=(alice.user_id,), allow_servers=(server_of(mallory),), channels={"main": alias}
    )
    await add_bot(alice, group, bot)
    # Before the first reminder, the alias is moved to mallory's room, where the bot is too.
    own = await mallory.create_room([])
    await add_bot(mallory, own, bot)
    await point(mallory, alias, own, moved=True)

    assert (await alice.ask(group, ADD.format(3))).body.startswith("Added: #1")
    await alice.until(lambda: posts(alice, group, STARTING), "the reminder in the group's room")
    await settle(alice, group)
    assert posts(mallory, own, STARTING) == []

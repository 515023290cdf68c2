"""Every command answers in the room's language: no English sentence of the bot's leaks.

Quotes, names, citations and topic titles are the group's data and stay as they are; every
word the bot adds is its language's.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.recording import Sent, person
from bot.config import parse_settings
from bot.core.errors import ConfigError
from bot.core.model import Reply, Role
from bot.core.quotes import Quote
from bot.i18n.maintain import extract
from bot.render.text import citation_text, to_plain
from tests.eventkit import Bot, running_bot, settings, utc
from tests.sql import execute, rows

ADMIN = person(Role.ADMIN, "test:alice")
MEMBER = person(Role.MEMBER, "test:mo")
FRIDAY_NOON = utc(2026, 3, 20, 12, 0)
# Words English sentences are made of that French, Spanish and Arabic never write.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|are|with|and|your|you|this|that|has|have|was|were|been|which|from|will|can|"
    r"there|into|only|add|give|see|try|not)\b",
    re.IGNORECASE,
)
# Each language's words for the commands' data, so only the bot's own words are English.
WORDS = {
    "fr": ("samedi 14h", "Rassemblement", "dimanche 15h", "Atelier banderoles", "volontaire"),
    "es": ("sábado 14:00", "Concentración", "domingo 15:00", "Taller de pancartas", "voluntario"),
    "ar": ("السبت 14:00", "تجمع", "الأحد 15:00", "ورشة لافتات", "طوعي"),
}


def commands(code: str) -> list[tuple[str, object]]:
    """One use of every command (and the usual mistakes) in a room speaking ``code``."""
    when, title, later, poster, word = WORDS[code]
    return [
        ("!iom", MEMBER), ("!facts", MEMBER), ("!facts varrp", MEMBER), ("!facts varrp 2", MEMBER),
        ("!facts search waiver", MEMBER), ("!fact 8", MEMBER), ("!fact 99", MEMBER),
        ("!sources", MEMBER), ("!source a-fake-friend", MEMBER), ("!source nowhere", MEMBER),
        ('!source add "Autre" author:"A" publication:"P" date:2020-01-01', ADMIN),
        ("!fact add varrp “It arranges transport ‘to the home doorstep’” source:a-fake-friend",
         ADMIN),
        ('!fact edit 8 note:"2008"', ADMIN), (f'!fact translate 8 {code} "{word}"', ADMIN),
        ("!fact 8", MEMBER), (f"!facts search {word}", MEMBER), ("!fact history 8", ADMIN),
        ("!fact undo 8", ADMIN), ("!fact delete 8", ADMIN), ("!fact restore 8", ADMIN),
        ("!fact undo 8", ADMIN), ("!topic alias varrp retour", ADMIN),
        ("!topic unalias retour", ADMIN), ("!topic rename iau gmiau", ADMIN),
        ("!topic history gmiau", ADMIN), ("!topic undo gmiau", ADMIN),
        ("!events", MEMBER), (f'!event add "{title}" {when} remind:1d,2h', ADMIN),
        ("!event 1", MEMBER), ("!events", MEMBER), ("!events ics", MEMBER),
        (f'!event edit 1 title:"{title} 2"', ADMIN), ("!event remind 1 1d,2h,start", ADMIN),
        ("!going 1", MEMBER), ("!notgoing 1", MEMBER), (f'!announce {later} "{poster}"', ADMIN),
        ("!event cancel 2", ADMIN), ("!going 2", MEMBER), ("!web calendar", ADMIN),
        ("!web login", ADMIN), ("!web logout", ADMIN), ("!whoami", MEMBER), ("!help", ADMIN),
        ("!help facts", MEMBER), ("!help fact add", MEMBER), ("!language", MEMBER),
        ("!language xx", ADMIN), ("!language fr", MEMBER), ("!fact delete 8", MEMBER),
        ("!facts varp", MEMBER),
        ("!facts nothing-like-it", MEMBER), ("!fact ²", MEMBER), ("!event ²", MEMBER),
        ('!event add "x" blabla', ADMIN), ('!event add "x" 3/4 14:00', ADMIN),
        ("!event add", ADMIN), ("!event 99", MEMBER), ("!nonsense", MEMBER),
        ("!facts search", MEMBER),
        ('!fact add varrp "quote', ADMIN), ("!event remind 1 1x", ADMIN), ("!", MEMBER),
    ]  # fmt: skip


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Bot]:
    """A bot whose clock stands at Friday noon, with one room."""
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON) as running:
        yield running


def fragments() -> set[str]:
    """The English of the bot's sentences, cut at their places: the runs of three words."""
    found: set[str] = set()
    for message in extract():
        for english in message.id if isinstance(message.id, tuple) else (message.id,):
            for run in re.split(r"\{[^}]*\}", english):
                words = run.strip(" .,:;'“”()").split()
                if len(words) >= 3 and all(re.fullmatch(r"[A-Za-z'-]+", w) for w in words):
                    found.add(" ".join(words))
    return found


def said_by_the_bot(reply: Reply, data: list[str], syntax: list[str]) -> str:
    """The reply as text, less its quotes, notes, citations, the group's data and the
    commands' syntax (names and usage stay English, the words typed)."""
    text = to_plain(reply)
    for written in sorted(syntax, key=len, reverse=True):
        text = text.replace(written, "")
    for block in reply.blocks:
        if isinstance(block, Quote):
            shown = [block.text, block.note, ", ".join(block.topics)]
            if block.citation:
                shown.append(citation_text(block.citation, reply.wording))
            text = text.replace(f"“{block.text}”", "")
            for part in filter(None, shown):
                text = text.replace(part, "")
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, "")
    return text


def command_syntax(bot: Bot) -> list[str]:
    """Every command's usage and name as typed."""
    commands = bot.app.router.registry.commands()
    return [f"!{c.usage}" for c in commands] + [
        f"!{name}" for name in bot.app.router.registry.names()
    ]


async def group_data(bot: Bot) -> list[str]:
    """Topic titles and names, source titles and standfirsts: the group's own words."""
    topics = await rows(bot.app.database, "SELECT name, title FROM topics")
    sources = await rows(bot.app.database, "SELECT title, standfirst FROM sources")
    return [str(value) for row in [*topics, *sources] for value in row if value]


@pytest.mark.parametrize("code", ["fr", "es", "ar"])
async def test_every_command_answers_in_the_room_language(bot: Bot, code: str) -> None:
    chat = bot.chat
    assert (await chat.push(f"!language {code}", author=ADMIN))[0].reply.wording.language == code
    english = fragments()
    syntax = command_syntax(bot)
    leaks: list[str] = []
    for text, who in commands(code):
        sent: list[Sent] = await chat.push(text, author=who)  # type: ignore[arg-type]
        assert len(sent) == 1, (text, sent)
        reply = sent[0].reply
        assert reply.wording.language == code, text
        spoken = said_by_the_bot(reply, await group_data(bot), syntax)
        words = ENGLISH_WORDS.findall(spoken)
        runs = [run for run in english if run in spoken]
        if words or runs:
            leaks.append(f"{text}: {words} {runs}\n{spoken}")
    assert leaks == [], "\n\n".join(leaks)


async def test_english_stays_the_default_and_a_room_can_go_back_to_it(bot: Bot) -> None:
    chat = bot.chat
    assert (await chat.push("!fact 99", author=MEMBER))[0].text.startswith("There is no fact")
    await chat.push("!language es", author=ADMIN)
    assert (await chat.push("!fact 99", author=MEMBER))[0].text.startswith("No existe el dato")
    said = (await chat.push("!language default", author=ADMIN))[0].text
    assert said == "From now on I speak English here."
    assert (await chat.push("!fact 99", author=MEMBER))[0].text.startswith("There is no fact")


@pytest.mark.parametrize(("typed", "code"), [("zz", "zz"), ("de-DE", "de"), ("-fr", "-fr")])
async def test_a_language_the_bot_does_not_speak_is_refused_in_one_line(
    bot: Bot, typed: str, code: str
) -> None:
    await bot.chat.push("!language es", author=ADMIN)
    before = await rows(bot.app.database, "SELECT * FROM room_languages")
    (refused,) = await bot.chat.push(f"!language {typed}", author=ADMIN)
    assert refused.text == (
        f"No hablo «{code}». Hablo English (en), français (fr), español (es), العربية (ar)."
    ), refused.text
    assert await rows(bot.app.database, "SELECT * FROM room_languages") == before


@pytest.mark.parametrize("code", ["en", "fr", "es", "ar"])
async def test_every_example_of_the_help_works_as_written_in_its_language(
    bot: Bot, code: str
) -> None:
    chat = bot.chat
    await chat.push(f"!language {code}", author=ADMIN)
    lang = bot.app.router.choice.languages.get(code)
    await chat.push('!event add "Un" samedi 14h', author=ADMIN)
    await chat.push('!event add "Deux" samedi 15h', author=ADMIN)
    await chat.push('!event add "Trois" samedi 16h', author=ADMIN)
    router = bot.app.router
    went_wrong = lang._("Sorry, something went wrong with that command. It has been logged.")
    for command in router.registry.commands():
        if not command.example or command.name in {"fact delete", "event cancel", "web login"}:
            continue
        typed = "!" + lang._(command.example)
        [sent] = await chat.push(typed, author=ADMIN)
        # Read as the command declares (a refusal of what it asks is the domain's business).
        assert router.usage_line(command, lang) not in sent.text, (typed, sent.text)
        assert went_wrong not in sent.text, typed


async def test_the_group_language_from_the_config_speaks_where_no_room_chose(
    tmp_path: Path,
) -> None:
    config = replace(settings(), language=parse_settings({"bot": {"language": "ES"}}, "t").language)
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON, config) as bot:
        assert (await bot.say("!fact 99", MEMBER)).startswith("No existe el dato #99.")
        await bot.say("!language fr", ADMIN)
        assert (await bot.say("!fact 99", MEMBER)).startswith("Il n'y a pas de fait #99.")
        await bot.say("!language default", ADMIN)
        assert (await bot.say("!language", MEMBER)).startswith("Aquí hablo español.")


def test_a_language_the_bot_does_not_speak_is_a_config_problem() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings({"bot": {"language": "de"}}, "config.toml")
    assert caught.value.problems == ["bot.language: must be one of en, fr, es, ar"]


@pytest.mark.parametrize("typed", ["fr-FR", "FR", " fr_CA "])
def test_the_config_reads_a_language_code_as_the_commands_do(typed: str) -> None:
    assert parse_settings({"bot": {"language": typed}}, "config.toml").language == "fr"


async def test_a_room_language_that_cannot_be_read_leaves_answers_in_the_group_s(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON) as bot:
        await bot.say("!language fr", ADMIN)
        await execute(bot.app.database, "DROP TABLE room_languages")
        assert (await bot.say("!fact 99", MEMBER)).startswith("There is no fact #99.")
    assert "the language of" in caplog.text

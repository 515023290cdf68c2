"""Parameters declared once: how typed words and menu values become typed values, and usage."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.commands.binding import accept, bind
from bot.commands.kinds import FACT_ID, PAGE, QUOTED, TEXT, TOPIC
from bot.commands.params import Param, flag, option, word, words
from bot.commands.parsing import parse_args, tokenize
from bot.commands.registry import Command, Context
from bot.core.errors import UsageError
from bot.core.model import Reply
from bot.i18n.language import ENGLISH

TOPIC_WORDS = words("topic", TOPIC, required=False)
PAGE_NUMBER = word("page", PAGE, required=False)
WHEN = words("when", TEXT, keyword=True, required=False)
TEXT_LAST = word("text", QUOTED)
NOTE = option("note", QUOTED)
AUTHOR = option("author", QUOTED, required=True)
PUBLISHER = option("publisher", TEXT, required=True)
QUIET = flag("quiet", "say less")


async def nothing(ctx: Context) -> Reply:
    return Reply()


def exactly(text: str) -> str:
    """A pattern matching ``text`` and nothing more."""
    return f"^{re.escape(text)}$"


def read(params: tuple[Param[Any], ...], typed: str, hint: str = "") -> dict[str, object]:
    """The values ``typed`` gives ``params``, as the router reads them."""
    command = Command("probe", "A probe.", nothing, params)
    args = parse_args(tokenize(typed), command.option_names, command.flag_names)
    return bind(params, args, hint, command.nothing_after("?"))


@pytest.mark.parametrize(
    ("typed", "values"),
    [
        ("", {}),
        ("varrp", {"topic": "varrp"}),
        ("varrp 2", {"topic": "varrp", "page": 2}),
        ("voluntary return 3", {"topic": "voluntary return", "page": 3}),
        ('"voluntary return" 3', {"topic": "voluntary return", "page": 3}),
        ("2", {"topic": "2"}),
        ("varrp #2", {"topic": "varrp", "page": 2}),
        ("varrp ٢", {"topic": "varrp", "page": 2}),
    ],
)
def test_an_optional_page_after_the_words_takes_the_last_word_when_it_is_a_number(
    typed: str, values: dict[str, object]
) -> None:
    assert read((TOPIC_WORDS, PAGE_NUMBER), typed) == values


@pytest.mark.parametrize("typed", ["varrp ²", "varrp ½", "0 ²", "varrp 1234567890"])
def test_a_number_that_is_not_one_is_refused_not_taken_as_a_topic(typed: str) -> None:
    with pytest.raises(UsageError, match="is not a page number"):
        read((TOPIC_WORDS, PAGE_NUMBER), typed)


def test_one_integer_rule_for_every_id() -> None:
    assert FACT_ID.read("12", ENGLISH) == FACT_ID.read("#12", ENGLISH) == 12
    for bad in ["²", "-1", "1.5", "", "12a", "9" * 10]:
        with pytest.raises(UsageError, match="is not a fact id"):
            FACT_ID.read(bad, ENGLISH)


def test_a_required_word_after_the_words_takes_the_last_one() -> None:
    params = (words("when", TEXT, missing="Give when."), TEXT_LAST)
    assert read(params, 'tomorrow 6pm "Banner painting"') == {
        "when": "tomorrow 6pm",
        "text": "Banner painting",
    }
    with pytest.raises(UsageError, match=exactly("Give when.")):
        read(params, '"Banner painting"')


def test_a_keyword_word_parameter_may_be_written_as_an_option_but_not_twice() -> None:
    params = (word("id", FACT_ID), WHEN)
    assert read(params, "3 sunday 3pm") == {"id": 3, "when": "sunday 3pm"}
    assert read(params, '3 when:"sunday 3pm"') == {"id": 3, "when": "sunday 3pm"}
    with pytest.raises(UsageError, match="given twice"):
        read(params, "3 monday when:sunday")


def test_words_that_do_not_fit_get_the_commands_hint() -> None:
    params = (word("old", TEXT), word("new", TEXT))
    for typed in ["iau", "iau Bad Name"]:
        with pytest.raises(UsageError, match=exactly("Give the old name, then the new one.")):
            read(params, typed, hint="Give the old name, then the new one.")
    with pytest.raises(UsageError, match=exactly("Give one fact id.")):
        read((word("id", FACT_ID, missing="Give one fact id."),), "1 2")
    with pytest.raises(UsageError, match=exactly("?probe takes nothing after it.")):
        read((), "please")


def test_missing_options_are_named_together_after_the_words() -> None:
    params = (word("title", QUOTED, missing="Give the title."), AUTHOR, PUBLISHER, NOTE)
    with pytest.raises(UsageError, match=exactly("Give the title.")):
        read(params, "author:A")
    with pytest.raises(UsageError, match=exactly("Also give author:, publisher:.")):
        read(params, '"T" author:""')
    assert read(params, '"T" author:A publisher:"B C"') == {
        "title": "T",
        "author": "A",
        "publisher": "B C",
    }


def test_flags_are_on_only_when_given() -> None:
    assert read((QUIET,), "--quiet") == {"quiet": True}
    assert read((QUIET,), "") == {}
    with pytest.raises(UsageError, match="Unknown flag '--loud'"):
        read((QUIET,), "--loud")


def test_menu_values_are_read_as_the_parameters_declare() -> None:
    params = (word("id", FACT_ID), NOTE, QUIET)
    assert accept(params, {"id": 8, "note": "a\u202eb", "quiet": True}, "") == {
        "id": 8,
        "note": "ab",
        "quiet": True,
    }
    assert accept(params, {"id": "#8", "quiet": False}, "") == {"id": 8}
    for given, says in [
        ({"id": "²"}, "is not a fact id"),
        ({}, "Give the id."),
        ({"id": 8, "colour": "red"}, "Unknown option 'colour'"),
        ({"id": 8, "quiet": "yes"}, "is a yes or no"),
        ({"id": True}, "takes words or a number"),
        ({"id": 1.5}, "takes words or a number"),
    ]:
        with pytest.raises(UsageError, match=says):
            accept(params, given, "")


def test_usage_is_written_from_the_declaration() -> None:
    params = (word("topic", TOPIC), word("quote", QUOTED), AUTHOR, NOTE, QUIET, PAGE_NUMBER)
    command = Command("probe", "A probe.", nothing, params)
    assert command.usage == ('probe <topic> "<quote>" author:"..." [note:"..."] [--quiet] [page]')
    assert command.option_names == {"author", "note"} and command.flag_names == {"quiet"}


@pytest.mark.parametrize(
    "params",
    [
        (word("id", FACT_ID), word("id", FACT_ID)),
        (words("a", TEXT), words("b", TEXT)),
        (words("a", TEXT), word("b", TEXT, required=False)),
        (word("a", TEXT, required=False), word("b", TEXT)),
    ],
)
def test_a_declaration_the_router_could_not_read_is_refused_at_start(
    params: tuple[Param[Any], ...],
) -> None:
    with pytest.raises(ValueError, match="probe"):
        Command("probe", "A probe.", nothing, params)

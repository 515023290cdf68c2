"""Splitting what people type: quotes of every kind, options and flags."""

from __future__ import annotations

import pytest

from bot.commands.parsing import Token, clean, parse_args, tokenize
from bot.core.errors import UsageError, UserError


def test_words_and_quotes() -> None:
    assert tokenize('add "Picket at IOM" saturday') == [
        Token("add"),
        Token("Picket at IOM", quoted=True),
        Token("saturday"),
    ]


@pytest.mark.parametrize("quoted", ['"a b"', "“a b”", "‘a b’", "'a b'", "«a b»", '“a b"'])
def test_typographic_and_straight_quotes(quoted: str) -> None:
    assert tokenize(quoted) == [Token("a b", quoted=True)]


def test_apostrophes_inside_words_are_not_quotes() -> None:
    assert [t.text for t in tokenize("Home Office’s don't")] == ["Home", "Office’s", "don't"]


def test_inner_quotes_of_another_kind_are_kept() -> None:
    text = "“IOM UK runs two ‘voluntary’ return programmes”"
    assert tokenize(text) == [Token("IOM UK runs two ‘voluntary’ return programmes", quoted=True)]


def test_options_in_any_order_and_quoted_values() -> None:
    tokens = tokenize('note:"a b" source:iom at:‘The Square’ http://x.org')
    args = parse_args(tokens, frozenset({"note", "source", "at"}), frozenset())
    assert args.options == {"note": "a b", "source": "iom", "at": "The Square"}
    assert args.words == ("http://x.org",)


def test_unknown_option_and_flag_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="Unknown option 'sorce:'"):
        parse_args(tokenize("sorce:x"), frozenset({"source"}), frozenset())
    with pytest.raises(UsageError, match="--force"):
        parse_args(tokenize("--force"), frozenset(), frozenset({"unverified"}))
    with pytest.raises(UsageError, match="twice"):
        parse_args(tokenize("source:a source:b"), frozenset({"source"}), frozenset())


def test_flags() -> None:
    args = parse_args(tokenize("x --unverified"), frozenset(), frozenset({"unverified"}))
    assert args.flags == {"unverified"} and args.words == ("x",)


def test_colons_are_words_when_a_command_takes_no_options() -> None:
    assert parse_args(tokenize("time:2pm"), frozenset(), frozenset()).words == ("time:2pm",)


def test_unclosed_quote() -> None:
    with pytest.raises(UserError, match="never closed"):
        tokenize('"open')


def test_clean_drops_control_and_direction_characters() -> None:
    assert clean("a\x00b\u202ec\x1b d\t") == "abc d"

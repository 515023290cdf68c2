"""Giving each declared parameter its value: from typed words, or from a menu's values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.commands.params import Param, Placement
from bot.commands.parsing import Args, clean
from bot.core.errors import UsageError
from bot.i18n.language import ENGLISH, Language


def bind(
    params: Sequence[Param[Any]],
    args: Args,
    hint: str,
    nothing_after: str,
    lang: Language = ENGLISH,
) -> dict[str, object]:
    """The typed value of every parameter given in ``args`` (absent ones are left out).

    ``hint`` is said when the words do not fit the word parameters; ``nothing_after`` when
    words follow a command that takes none (both already in ``lang``).
    """
    placed = [param for param in params if param.positional]
    too_many = (hint or _first_missing(placed, lang)) if placed else nothing_after
    texts = _place_words(placed, list(args.words), too_many)
    for param in params:
        if param.keyword and param.name in args.options:
            if param.name in texts:
                raise UsageError(lang._("'{name}' is given twice; give it once.", name=param.name))
            texts[param.name] = args.options[param.name]
        elif param.placement is Placement.OPTION and param.name in args.options:
            texts[param.name] = args.options[param.name]
    _refuse_missing(params, texts, hint, lang)
    values: dict[str, object] = {}
    for param in params:
        if param.placement is Placement.FLAG:
            if param.name in args.flags:
                values[param.name] = True
        elif param.name in texts:
            values[param.name] = param.kind.read(texts[param.name], lang)
    return values


def accept(
    params: Sequence[Param[Any]],
    given: Mapping[str, object],
    hint: str,
    lang: Language = ENGLISH,
) -> dict[str, object]:
    """The typed value of every parameter a menu gave (text, whole numbers, yes or no)."""
    known = {param.name: param for param in params}
    for name in given:
        if name not in known:
            raise UsageError(lang._("Unknown option '{name}'.", name=name))
    texts: dict[str, str] = {}
    values: dict[str, object] = {}
    for param in params:
        value = given.get(param.name)
        if param.placement is Placement.FLAG:
            if not isinstance(value, bool | None):
                raise UsageError(lang._("--{name} is a yes or no.", name=param.name))
            if value:
                values[param.name] = True
        elif isinstance(value, str) and clean(value):
            texts[param.name] = clean(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            texts[param.name] = str(value)
        elif value not in (None, ""):
            raise UsageError(lang._("'{name}' takes words or a number.", name=param.name))
    _refuse_missing(params, texts, hint, lang)
    for param in params:
        if param.name in texts:
            values[param.name] = param.kind.read(texts[param.name], lang)
    return values


def _place_words(placed: list[Param[Any]], words: list[str], too_many: str) -> dict[str, str]:
    """The words each word parameter takes, in order; the words parameter takes what is left."""
    rest = next((p for p in placed if p.placement is Placement.WORDS), None)
    if rest is None:
        if len(words) > len(placed):
            raise UsageError(too_many)
        return {param.name: text for param, text in zip(placed, words, strict=False)}
    at = placed.index(rest)
    texts: dict[str, str] = {}
    for param in placed[:at]:
        if words:
            texts[param.name] = words.pop(0)
    for param in reversed(placed[at + 1 :]):
        if words and (param.required or (len(words) > 1 and param.kind.looks_like(words[-1]))):
            texts[param.name] = words.pop()
    if words:
        texts[rest.name] = " ".join(words)
    return texts


def _first_missing(placed: list[Param[Any]], lang: Language) -> str:
    """The words for a command given more words than it takes."""
    missing = next((param.missing for param in placed if param.missing), "")
    return lang._(missing) if missing else lang._("Too many words.")


def _refuse_missing(
    params: Sequence[Param[Any]], texts: Mapping[str, str], hint: str, lang: Language
) -> None:
    """Refuse when a required parameter is not given: word parameters first, then options."""
    for param in params:
        if param.positional and param.required and param.name not in texts:
            if param.missing:
                raise UsageError(lang._(param.missing))
            raise UsageError(hint or lang._("Give the {name}.", name=param.name))
    missing = [
        param
        for param in params
        if param.placement is Placement.OPTION
        and param.required
        and not texts.get(param.name, "").strip()
    ]
    if missing and missing[0].missing:
        raise UsageError(lang._(missing[0].missing))
    if missing:
        keys = ", ".join(f"{param.name}:" for param in missing)
        raise UsageError(lang._("Also give {options}.", options=keys))

"""Split what someone typed into words, quoted strings, key:value options and --flags."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.core.errors import UsageError, UserError
from bot.i18n.language import ENGLISH, Language

QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "‘": "’", "'": "'", "«": "»", "‹": "›"}
CLOSERS_FOR = {
    opener: {closer, '"'} if opener == "“" else {closer} for opener, closer in QUOTE_PAIRS.items()
}
OPTION_KEY = re.compile(r"([a-z][a-z-]*):")


@dataclass(frozen=True)
class Token:
    """One word or quoted string; ``key`` is set when it was written as ``key:value``."""

    text: str
    key: str | None = None
    quoted: bool = False


@dataclass(frozen=True)
class Args:
    """A command's arguments after its name, sorted before each parameter takes its own."""

    words: tuple[str, ...] = ()
    options: dict[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()


def clean(text: str) -> str:
    """Drop control and format characters (keeping spaces) and trim."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r":
            kept.append(" ")
        elif category == "Cc" or (category == "Cf" and char not in "\u200d"):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def tokenize(text: str, lang: Language = ENGLISH) -> list[Token]:
    """Split ``text`` at spaces, keeping quoted strings (straight or typographic) whole."""
    tokens: list[Token] = []
    i, length = 0, len(text)
    while i < length:
        if text[i].isspace():
            i += 1
            continue
        key = None
        match = OPTION_KEY.match(text, i)
        if match and match.end() < length and text[match.end()] in QUOTE_PAIRS:
            key = match.group(1)
            i = match.end()
        if text[i] in QUOTE_PAIRS:
            value, i = _read_quoted(text, i, lang)
            tokens.append(Token(value, key, quoted=True))
            continue
        start = i
        while i < length and not text[i].isspace():
            i += 1
        word = text[start:i]
        match = OPTION_KEY.match(word)
        if match and not word[match.end() :].startswith("//"):
            tokens.append(Token(word[match.end() :], match.group(1)))
        else:
            tokens.append(Token(word))
    return tokens


def _read_quoted(text: str, start: int, lang: Language) -> tuple[str, int]:
    """Read a quoted string opening at ``start``; return its content and the index after it."""
    closers = CLOSERS_FOR[text[start]]
    i = start + 1
    while i < len(text):
        if text[i] in closers and (i + 1 == len(text) or text[i + 1].isspace()):
            return text[start + 1 : i], i + 1
        i += 1
    shown = repr(text[start : start + 20])
    raise UserError(
        lang._("The quote that starts at {shown} is never closed: add the closing quote.",
               shown=shown)
    )  # fmt: skip


def parse_args(
    tokens: list[Token], options: frozenset[str], flags: frozenset[str], lang: Language = ENGLISH
) -> Args:
    """Sort tokens into positional words, known ``key:value`` options and ``--flags``."""
    words: list[str] = []
    found: dict[str, str] = {}
    seen_flags: set[str] = set()
    for token in tokens:
        if token.key is not None and token.key in options:
            if token.key in found:
                raise UsageError(
                    lang._("'{name}' is given twice; give it once.", name=f"{token.key}:")
                )
            found[token.key] = token.text
        elif token.key is not None and options:
            known = ", ".join(f"{name}:" for name in sorted(options))
            raise UsageError(
                lang._("Unknown option '{name}'. Options here: {known}", name=f"{token.key}:",
                       known=known)
            )  # fmt: skip
        elif token.key is not None:
            words.append(f"{token.key}:{token.text}")
        elif not token.quoted and token.text.startswith("--") and len(token.text) > 2:
            flag = token.text[2:].lower()
            if flag not in flags:
                raise UsageError(lang._("Unknown flag '{flag}'.", flag=f"--{flag}"))
            seen_flags.add(flag)
        else:
            words.append(token.text)
    return Args(tuple(words), found, frozenset(seen_flags))

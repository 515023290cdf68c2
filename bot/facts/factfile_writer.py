"""Write a fact file as TOML: stable order, one value per line, so diffs stay readable."""

from __future__ import annotations

from datetime import date

from bot.facts.factfile import FactFile
from bot.facts.records import Fact, Source, Topic

HEADER = (
    "# campaign-bot fact file: sources (with their text files), topics with aliases, facts.\n"
    "# Check your edits with: campaign-bot facts import THIS-FILE --dry-run\n"
)
ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, escaping what TOML requires and nothing else."""
    out = []
    for char in text:
        if char in ESCAPES:
            out.append(ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: str | date | bool | int | tuple[str, ...]) -> str:
    """One TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_string(item) for item in value) + "]"
    return toml_string(value)


def _table(
    kind: str, pairs: list[tuple[str, str | date | bool | int | tuple[str, ...] | None]]
) -> str:
    """A [[kind]] table with the pairs that have a value."""
    lines = [f"[[{kind}]]"]
    lines += [f"{key} = {_value(value)}" for key, value in pairs if value not in (None, "")]
    return "\n".join(lines) + "\n"


def _source(source: Source) -> str:
    """One [[sources]] table."""
    return _table(
        "sources",
        [
            ("id", source.id),
            ("title", source.title),
            ("author", source.author),
            ("publication", source.publication),
            ("published", source.published),
            ("url", source.url),
            ("standfirst", source.standfirst),
            ("text_file", source.text_file),
        ],
    )


def _topic(topic: Topic) -> str:
    """One [[topics]] table."""
    return _table(
        "topics", [("name", topic.name), ("title", topic.title), ("aliases", topic.aliases)]
    )


def _fact(fact: Fact) -> str:
    """One [[facts]] table (verified and deleted only when they differ from the default),
    followed by its [[facts.translations]]."""
    translations = [
        _table("facts.translations", [("language", t.language), ("text", t.text), ("by", t.by)])
        for t in fact.translations
    ]
    return _table(
        "facts",
        [
            ("id", fact.id),
            ("topics", fact.topics),
            ("source", fact.source),
            ("quote", fact.quote),
            ("as_of", fact.as_of),
            ("note", fact.note),
            ("verified", None if fact.verified else False),
            ("deleted", True if fact.deleted else None),
        ],
    ) + "".join(translations)


def render_fact_file(fact_file: FactFile) -> str:
    """The whole fact file as TOML text, entries in the order given."""
    tables = [_source(s) for s in fact_file.sources]
    tables += [_topic(t) for t in fact_file.topics]
    tables += [_fact(f) for f in fact_file.facts]
    return HEADER + "".join("\n" + table for table in tables)

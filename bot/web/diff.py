"""A revision as a readable diff: for each field changed, what was taken out and put in."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from bot.commands.history_text import value_text

Kind = Literal["same", "del", "ins"]
# Shown through the topic names beside them.
HIDDEN = {"topic_ids"}
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    """One field of a revision: its name and the runs of text kept, removed and added."""

    name: str
    runs: tuple[tuple[Kind, str], ...]


def word_diff(old: str, new: str) -> tuple[tuple[Kind, str], ...]:
    """``old`` into ``new`` word by word: runs kept, removed and added, in reading order."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    runs: list[tuple[Kind, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("del", "".join(before[a1:a2])))
        if b2 > b1:
            runs.append(("ins", "".join(after[b1:b2])))
    return tuple(runs)


def _runs(old: Any, new: Any) -> tuple[tuple[Kind, str], ...]:
    """The runs for one field's change."""
    if isinstance(old, str) and isinstance(new, str) and old and new:
        return word_diff(old, new)
    if isinstance(old, list) and isinstance(new, list):
        items: list[tuple[Kind, str]] = [("same", str(item)) for item in new if item in old]
        items += [("del", str(item)) for item in old if item not in new]
        items += [("ins", str(item)) for item in new if item not in old]
        runs: list[tuple[Kind, str]] = []
        for index, item in enumerate(items):
            if index:
                runs.append(("same", ", "))
            runs.append(item)
        return tuple(runs)
    return (("del", value_text(old)), ("same", " → "), ("ins", value_text(new)))


def _fields(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    """A snapshot's fields, each translation of a fact one of them ('translation fr')."""
    fields = {key: value for key, value in (snapshot or {}).items() if key != "translations"}
    translations = (snapshot or {}).get("translations") or {}
    for code, kept in sorted(translations.items()):
        fields[f"translation {code}"] = kept.get("text", "") if isinstance(kept, dict) else ""
    return fields


def field_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """Every field that differs between two snapshots (an addition or removal: every field)."""
    old, new = _fields(before), _fields(after)
    names = [*new, *(key for key in old if key not in new)]
    found: list[FieldChange] = []
    for name in names:
        if name in HIDDEN or old.get(name) == new.get(name):
            continue
        found.append(FieldChange(name.replace("_", "-"), _runs(old.get(name), new.get(name))))
    return found

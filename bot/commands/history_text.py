"""Revisions as one line each: number, when, who, and what changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.router import shorten
from bot.core.dates import timestamp
from bot.facts.revisions import Revision

ACTIONS = {
    "add": "added",
    "edit": "edited",
    "delete": "deleted",
    "restore": "restored",
    "import": "imported",
    "alias": "added an alias",
    "unalias": "removed an alias",
    "rename": "renamed",
}
HIDDEN = {"topic_ids", "deleted"}
VALUE_LIMIT = 50
CONTEXT = 20


def when(stamp: str, zone: ZoneInfo) -> str:
    """A stored UTC time as '27 Nov 2026 23:41 GMT' in the group's zone."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return timestamp(moment.astimezone(zone))


def value_text(value: Any) -> str:
    """A stored value as people read it, whole: '(none)', 'yes', 'a, b'."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


def _shown(value: Any) -> str:
    """One value as a history line shows it: cut short, and quoted when it has spaces."""
    if value is None or value == "" or isinstance(value, bool | list):
        return value_text(value)
    text = shorten(str(value), VALUE_LIMIT + 2 * CONTEXT)
    return f"“{text}”" if " " in text else text


def _same_start(one: str, other: str) -> int:
    """How many leading characters two texts share."""
    for index, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return index
    return min(len(one), len(other))


def _around_change(old: str, new: str) -> tuple[str, str]:
    """Two long texts cut to the part that differs, with a few words either side."""
    if len(old) <= VALUE_LIMIT and len(new) <= VALUE_LIMIT:
        return old, new
    prefix = _same_start(old, new)
    suffix = _same_start(old[prefix:][::-1], new[prefix:][::-1])
    start = max(0, prefix - CONTEXT)
    start = old.rfind(" ", 0, start) + 1 if start else 0

    def cut(text: str) -> str:
        end = min(len(text), len(text) - suffix + CONTEXT)
        space = text.find(" ", end)
        end = len(text) if space < 0 else space
        middle = text[start:end]
        return ("…" if start else "") + middle + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """What differs between two states: 'note: (none) → “…”; aliases: +gmiau'."""
    if before is None or after is None:
        state = after or before or {}
        label = state.get("quote") or state.get("name") or state.get("title") or ""
        return _shown(label)
    parts = []
    if before.get("deleted") != after.get("deleted"):
        parts.append("deleted" if after.get("deleted") else "restored")
    for key in after:
        old, new = before.get(key), after.get(key)
        if key in HIDDEN or old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            added = [f"+{item}" for item in new if item not in old]
            removed = [f"-{item}" for item in old if item not in new]
            parts.append(f"{key}: {' '.join(added + removed)}")
        else:
            if isinstance(old, str) and isinstance(new, str):
                old, new = _around_change(old, new)
            parts.append(f"{key.replace('_', '-')}: {_shown(old)} → {_shown(new)}")
    return "; ".join(parts)


def describe(revision: Revision, zone: ZoneInfo) -> str:
    """'r12 · 27 Nov 2026 23:41 GMT · test:alice · edited: note: (none) → “…”'."""
    if revision.undoes is not None:
        action = f"undid r{revision.undoes}"
    else:
        action = ACTIONS.get(revision.action, revision.action)
    detail = changes(revision.before, revision.after)
    if revision.action in {"delete", "restore"} and revision.undoes is None:
        detail = ""
    elif revision.before is not None and revision.after is None:
        detail = f"removed {detail}"
    head = f"r{revision.id} · {when(revision.at, zone)} · {revision.author} · {action}"
    return f"{head}: {detail}" if detail else head

"""Revisions as one line each: number, when, who, and what changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.router import shorten
from bot.facts.revisions import Revision
from bot.i18n.language import ENGLISH, N_, Language

ACTIONS = {
    "add": N_("added"),
    "edit": N_("edited"),
    "delete": N_("deleted"),
    "restore": N_("restored"),
    "import": N_("imported"),
    "alias": N_("added an alias"),
    "unalias": N_("removed an alias"),
    "rename": N_("renamed"),
    "translate": N_("translated"),
    "untranslate": N_("removed a translation"),
}
HIDDEN = {"topic_ids", "deleted", "translations"}
VALUE_LIMIT = 50
CONTEXT = 20


def when(stamp: str, zone: ZoneInfo, lang: Language = ENGLISH) -> str:
    """A stored UTC time as '27 Nov 2026 23:41 GMT' in the group's zone."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return lang.dates.timestamp(moment.astimezone(zone))


def value_text(value: Any, lang: Language = ENGLISH) -> str:
    """A stored value as people read it, whole: '(none)', 'yes', 'a, b'."""
    if value is None or value == "":
        return lang._("(none)")
    if isinstance(value, bool):
        return lang._("yes") if value else lang._("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or lang._("(none)")
    return str(value)


def _shown(value: Any, lang: Language) -> str:
    """One value as a history line shows it: cut short, and quoted when it has spaces."""
    if value is None or value == "" or isinstance(value, bool | list):
        return value_text(value, lang)
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


def changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None, lang: Language = ENGLISH
) -> str:
    """What differs between two states: 'note: (none) → “…”; aliases: +gmiau'."""
    if before is None or after is None:
        state = after or before or {}
        label = state.get("quote") or state.get("name") or state.get("title") or ""
        return _shown(label, lang)
    parts = []
    if before.get("deleted") != after.get("deleted"):
        parts.append(lang._("deleted") if after.get("deleted") else lang._("restored"))
    parts += _translation_changes(before.get("translations"), after.get("translations"), lang)
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
            parts.append(f"{key.replace('_', '-')}: {_shown(old, lang)} → {_shown(new, lang)}")
    return "; ".join(parts)


def _translation_changes(before: Any, after: Any, lang: Language) -> list[str]:
    """'translation fr: (none) → “…”' for each language whose translation changed."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    parts = []
    for code in sorted(set(old) | set(new)):
        was, now = old.get(code, {}).get("text"), new.get(code, {}).get("text")
        if was == now:
            continue
        if isinstance(was, str) and isinstance(now, str):
            was, now = _around_change(was, now)
        shown = f"{_shown(was, lang)} → {_shown(now, lang)}"
        parts.append(lang._("translation {language}: {change}", language=code, change=shown))
    return parts


def describe(revision: Revision, zone: ZoneInfo, lang: Language = ENGLISH) -> str:
    """'r12 · 27 Nov 2026 23:41 GMT · test:alice · edited: note: (none) → “…”'."""
    if revision.undoes is not None:
        action = lang._("undid r{revision}", revision=revision.undoes)
    elif revision.action in ACTIONS:
        action = lang._(ACTIONS[revision.action])
    else:
        action = revision.action
    detail = changes(revision.before, revision.after, lang)
    if revision.action in {"delete", "restore"} and revision.undoes is None:
        detail = ""
    elif revision.before is not None and revision.after is None:
        detail = lang._("removed {what}", what=detail)
    head = f"r{revision.id} · {when(revision.at, zone, lang)} · {revision.author} · {action}"
    return f"{head}: {detail}" if detail else head

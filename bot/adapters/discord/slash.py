"""Slash commands from the neutral command descriptions, and interaction data back to values."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.core.catalog import CommandSpec

log = logging.getLogger(__name__)

CHAT_INPUT = 1
STRING = 3
MAX_COMMANDS = 100
NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
TEXT_CHARS = 100


def slash_name(spec: CommandSpec) -> str:
    """The slash command name: the typed name with spaces as dashes (``fact add`` -> fact-add)."""
    return spec.name.lower().replace(" ", "-")


def by_slash_name(specs: Sequence[CommandSpec]) -> dict[str, CommandSpec]:
    """The commands Discord can show, by slash name (invalid names and the surplus skipped)."""
    found: dict[str, CommandSpec] = {}
    for spec in specs:
        name = slash_name(spec)
        if not NAME.match(name) or name in found:
            log.warning("no slash command for %r: not a valid or unique Discord name", spec.name)
            continue
        if len(found) == MAX_COMMANDS:
            log.warning("Discord allows %d slash commands: the rest are typed only", MAX_COMMANDS)
            break
        found[name] = spec
    return found


def payload(name: str, spec: CommandSpec) -> dict[str, Any]:
    """The application command JSON for one spec (every argument a string, required first)."""
    options = [
        {
            "type": STRING,
            "name": param.name,
            "description": (param.description or param.name)[:TEXT_CHARS],
            "required": param.required,
            "autocomplete": param.suggest,
        }
        for param in sorted(spec.params, key=lambda p: not p.required)
    ]
    summary = spec.summary if len(spec.summary) <= TEXT_CHARS else spec.summary[:99] + "…"
    return {"type": CHAT_INPUT, "name": name, "description": summary, "options": options}


def payloads(commands: Mapping[str, CommandSpec]) -> list[dict[str, Any]]:
    """Every slash command's JSON, for a bulk overwrite."""
    return [payload(name, spec) for name, spec in commands.items()]


def option_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The option values of a slash command interaction, as text."""
    return {
        str(o.get("name", "")): str(o.get("value", ""))
        for o in data.get("options", [])
        if isinstance(o, dict)
    }


def focused(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The option being typed in an autocomplete interaction and what is typed so far."""
    for option in data.get("options", []):
        if isinstance(option, dict) and option.get("focused"):
            return str(option.get("name", "")), str(option.get("value", ""))
    return None

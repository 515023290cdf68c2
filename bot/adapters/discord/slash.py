"""Slash commands from the neutral command descriptions, and interaction data back to values."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.core.menus import CommandSpec, Localised, MenuOption, ValueType

log = logging.getLogger(__name__)

CHAT_INPUT = 1
OPTION_TYPES = {ValueType.TEXT: 3, ValueType.WHOLE_NUMBER: 4, ValueType.YES_NO: 5}
MAX_COMMANDS = 100
MAX_OPTIONS = 25
NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
# A name in another language: letters of any script, digits, - and _ (lower case).
LOCAL_NAME = re.compile(r"^[-\w]{1,32}$")
TEXT_CHARS = 100
# Discord's locales for each of the bot's languages (discord.Locale); it has no Arabic.
LOCALES = {"fr": ("fr",), "es": ("es-ES", "es-419"), "en": (), "ar": ()}


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
        if len(spec.options) > MAX_OPTIONS or not all(NAME.match(o.name) for o in spec.options):
            log.warning("no slash command for %r: its options do not fit Discord's", spec.name)
            continue
        if len(found) == MAX_COMMANDS:
            log.warning("Discord allows %d slash commands: the rest are typed only", MAX_COMMANDS)
            break
        found[name] = spec
    return found


def payload(name: str, spec: CommandSpec) -> dict[str, Any]:
    """The application command JSON for one spec (its options typed, required ones first),
    with its name and descriptions in each language Discord has a locale for."""
    local = [found for found in spec.localised if _fits(found, spec)]
    ordered = sorted(spec.options, key=lambda o: not o.required)
    options = [_option(option, local) for option in ordered]
    names = _localised(local, lambda found: (found.name, found.summary))
    return {"type": CHAT_INPUT, "name": name, "description": _short(spec.summary),
            "options": options, **names}  # fmt: skip


def _fits(found: Localised, spec: CommandSpec) -> bool:
    """Whether a translation's names are names Discord takes, each option's its own."""
    names = [found.name, *(name for _, name, _ in found.options)]
    fits = all(LOCAL_NAME.match(n) and n == n.lower() for n in names)
    if fits and len({n for _, n, _ in found.options}) == len(found.options):
        return True
    log.warning("no %s names for the slash command %r: not names Discord takes", found.language,
                spec.name)  # fmt: skip
    return False


def _localised(
    local: Sequence[Localised], said: Callable[[Localised], tuple[str, str] | None]
) -> dict[str, dict[str, str]]:
    """``name_localizations`` and ``description_localizations`` by Discord locale."""
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for found in local:
        pair = said(found)
        if pair is None:
            continue
        for locale in LOCALES.get(found.language, ()):
            names[locale], descriptions[locale] = pair[0], _short(pair[1] or pair[0])
    if not names:
        return {}
    return {"name_localizations": names, "description_localizations": descriptions}


def _option(option: MenuOption, local: Sequence[Localised] = ()) -> dict[str, Any]:
    """One option's JSON: its type, bounds for numbers, autocomplete for suggested text."""
    data: dict[str, Any] = {
        "type": OPTION_TYPES[option.type],
        "name": option.name,
        "description": _short(option.description or option.name),
        "required": option.required,
        **_localised(local, lambda found: found.option(option.name)),
    }
    if option.type is ValueType.TEXT:
        data["autocomplete"] = bool(option.suggest)
    if option.type is ValueType.WHOLE_NUMBER:
        data |= {"min_value": option.minimum, "max_value": option.maximum}
    return {key: value for key, value in data.items() if value is not None}


def _short(text: str) -> str:
    """``text`` within Discord's 100 characters for descriptions."""
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


def payloads(commands: Mapping[str, CommandSpec]) -> list[dict[str, Any]]:
    """Every slash command's JSON, for a bulk overwrite."""
    return [payload(name, spec) for name, spec in commands.items()]


def option_values(data: Mapping[str, Any]) -> dict[str, object]:
    """The option values of a slash command interaction, as Discord typed them."""
    return {
        str(o.get("name", "")): o["value"]
        for o in data.get("options", [])
        if isinstance(o, dict) and isinstance(o.get("value"), str | int | bool)
    }


def focused(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The option being typed in an autocomplete interaction and what is typed so far."""
    for option in data.get("options", []):
        if isinstance(option, dict) and option.get("focused"):
            return str(option.get("name", "")), str(option.get("value", ""))
    return None

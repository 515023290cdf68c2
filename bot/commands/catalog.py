"""The registry described for native command menus, and the values those menus can suggest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.commands.menu_names import COMMAND, OPTION, menu_name
from bot.commands.params import Param, Placement
from bot.commands.registry import Command, Registry
from bot.core.menus import CommandSpec, Localised, MenuOption
from bot.core.text import topic_key
from bot.facts.store import FactStore
from bot.i18n.catalogs import Languages
from bot.i18n.language import ENGLISH, Language

MAX_SUGGESTIONS = 25


def describe(command: Command, languages: Sequence[Language] = ()) -> CommandSpec:
    """A command as a menu entry, each parameter an option of its kind, in every language."""
    options = tuple(menu_option(param, ENGLISH) for param in command.params)
    localised = tuple(localise(command, lang) for lang in languages if lang is not ENGLISH)
    summary = ENGLISH._(command.summary)
    return CommandSpec(
        command.name, summary, command.role, options, localised, private=command.private
    )


def menu_option(param: Param[Any], lang: Language) -> MenuOption:
    """One parameter as a menu option: its kind's type, bounds and suggestions."""
    kind = param.kind
    return MenuOption(
        param.name,
        lang._(param.about or kind.description),
        kind.type,
        param.required and param.placement is not Placement.FLAG,
        kind.suggest,
        kind.minimum,
        kind.maximum,
    )


def localise(command: Command, lang: Language) -> Localised:
    """The command's menu name, summary and options in ``lang``."""
    options = tuple(
        (param.name, lang.p_(OPTION, param.name), lang._(param.about or param.kind.description))
        for param in command.params
    )
    name = menu_name(command.name)
    return Localised(lang.code, lang.p_(COMMAND, name), lang._(command.summary), options)


class Catalog:
    """Command descriptions and suggestions over one registry and the fact store."""

    def __init__(
        self, registry: Registry, facts: FactStore, languages: Languages | None = None
    ) -> None:
        self.registry = registry
        self.facts = facts
        # The languages menus are offered in (read when a menu is first described).
        self.languages = languages

    def specs(self) -> list[CommandSpec]:
        """Every registered command, described in every language, in registry order."""
        known = self.languages
        languages = [known.get(code) for code in known.codes] if known is not None else []
        return [describe(command, languages) for command in self.registry.commands()]

    async def suggest(self, source: str, typed: str) -> list[str]:
        """Topic names and aliases, or command names, that match ``typed`` (best first)."""
        if source == "topic":
            labels = await self.facts.topic_labels()
            if not typed.strip():
                return sorted(set(labels.values()))[:MAX_SUGGESTIONS]
            return ranked(list(labels), typed)
        if source == "command":
            return ranked([c.name for c in self.registry.commands()], typed)
        return []


def ranked(choices: list[str], typed: str) -> list[str]:
    """``choices`` starting with ``typed`` first, then those containing it, each sorted."""
    key = topic_key(typed)
    starts = sorted(c for c in choices if topic_key(c).startswith(key))
    inside = sorted(c for c in choices if key in topic_key(c) and c not in starts)
    return (starts + inside)[:MAX_SUGGESTIONS]

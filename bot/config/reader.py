"""Reads typed values out of a TOML table, collecting every problem with its key."""

from __future__ import annotations

from typing import Any

from bot.core.durations import parse_duration


class Reader:
    """Typed values from a parsed TOML document; each problem is noted, none raised."""

    def __init__(self, data: dict[str, Any], problems: list[str]) -> None:
        self.data = data
        self.problems = problems

    def table(self, key: str) -> dict[str, Any]:
        """The sub-table at ``key`` (empty when absent)."""
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.problems.append(f"[{key}] must be a table")
            return {}
        return value

    def text(self, table: dict[str, Any], section: str, key: str, default: str) -> str:
        """A string setting."""
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problems.append(f"{section}.{key}: must be text in quotes")
            return default
        return value

    def texts(self, table: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
        """A list-of-strings setting."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f'{section}.{key}: must be a list of text, like ["a", "b"]')
            return ()
        return tuple(value)

    def number(
        self, table: dict[str, Any], section: str, key: str, default: float, *, whole: bool = False
    ) -> float:
        """A number setting that must not be negative (``whole``: an integer)."""
        value = table.get(key, default)
        kinds = int if whole else int | float
        if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
            kind = "a whole number" if whole else "a number"
            self.problems.append(f"{section}.{key}: must be {kind}, 0 or more")
            return default
        return value

    def integer(self, table: dict[str, Any], section: str, key: str, default: int) -> int:
        """A whole-number setting."""
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.problems.append(f"{section}.{key}: must be a whole number, like {default}")
            return default
        return value

    def duration(self, value: object, key: str) -> int:
        """Seconds from "15m"-style text (or whole minutes), noting a problem when unreadable."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value * 60
        try:
            if isinstance(value, str):
                return parse_duration(value)
        except ValueError as problem:
            self.problems.append(f"{key}: {problem}")
            return 0
        self.problems.append(f'{key}: must be a duration like "15m"')
        return 0

    def unknown(self, table: dict[str, Any], section: str, known: set[str]) -> None:
        """Note keys nobody reads (usually typos)."""
        for key in sorted(set(table) - known):
            self.problems.append(f"{section}.{key}: unknown setting")

"""TOML parsing that turns every kind of unreadable text into one TOMLDecodeError."""

from __future__ import annotations

import tomllib
from typing import Any


def parse_toml(text: str) -> dict[str, Any]:
    """``text`` parsed as TOML; nesting too deep to parse is a TOMLDecodeError, not a crash."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: thousands of levels
        # exhaust Python's stack. No real file nests more than a few levels.
        raise tomllib.TOMLDecodeError("arrays or tables are nested too deeply") from None

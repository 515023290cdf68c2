"""A log formatter that blanks secrets, whoever logs them (SDKs log whole responses at DEBUG)."""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[redacted]"
# A value after a secret-looking key, in JSON, a Python repr or a query string.
_KEYED = re.compile(
    r"""(?P<key>['"]?(?:access_token|refresh_token|password|token)['"]?\s*[:=]\s*['"]?)"""
    r"""(?P<value>[^'"\s&,}]+)""",
    re.IGNORECASE,
)
# An Authorization header's credentials (Matrix "Bearer", Discord "Bot").
_HEADER = re.compile(r"(?P<key>\b(?:Bearer|Bot|Basic)\s+)(?P<value>[A-Za-z0-9._~+/=-]{16,})")


class RedactingFormatter(logging.Formatter):
    """Formats a record, then replaces known secret values and token-shaped fields."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        forms = {form for value in secrets if len(value) >= 4 for form in encodings(value)}
        # Longest first, so a secret containing another is blanked whole.
        self.secrets = sorted(forms, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """The formatted line with every secret blanked."""
        try:
            text = super().format(record)
        except Exception:
            # logging's own error report would print the record's arguments unredacted.
            text = f"unformattable log record from {record.name}: {record.msg!r} {record.args!r}"
        return redact(text, self.secrets)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with ``secrets`` and anything shaped like a credential blanked."""
    for value in secrets:
        text = text.replace(value, REDACTED)
    text = _KEYED.sub(lambda m: m["key"] + REDACTED, text)
    return _HEADER.sub(lambda m: m["key"] + REDACTED, text)


def encodings(value: str) -> set[str]:
    """``value`` raw, URL-quoted, in base64 (a Basic header), and escaped as in JSON or a repr."""
    encoded = base64.b64encode(value.encode()).decode().rstrip("=")
    single_quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    escaped = {json.dumps(value)[1:-1], repr(value)[1:-1], single_quoted}
    return {value, quote(value, safe=""), encoded, *escaped}

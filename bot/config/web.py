"""The [web] section: where the web face listens, its public address and who may read events."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config.reader import Reader

KNOWN = {
    "listen",
    "port",
    "base_url",
    "public_events",
    "trust_forwarded",
    "searches_per_minute",
    "cards_per_minute",
}


@dataclass(frozen=True)
class WebSettings:
    """How the web face is served.

    ``trust_forwarded``: the reverse proxy in front sets X-Forwarded-Proto and
    X-Forwarded-For, so they are believed (never otherwise: a client could fake them).
    """

    listen: str = "127.0.0.1"
    port: int = 8080
    base_url: str = ""
    public_events: bool = False
    trust_forwarded: bool = False
    searches_per_minute: int = 30
    cards_per_minute: int = 12


def parse_web(read: Reader) -> WebSettings:
    """The [web] section (present: the web face is served by `run`)."""
    table = read.table("web")
    read.unknown(table, "web", KNOWN)
    default = WebSettings()
    listen = read.text(table, "web", "listen", default.listen).strip()
    try:
        ipaddress.ip_address(listen)
    except ValueError:
        read.problems.append(f'web.listen: {listen!r} is not an IP address, like "127.0.0.1"')
    port = read.integer(table, "web", "port", default.port)
    if not 1 <= port <= 65535:
        read.problems.append("web.port: must be a port number from 1 to 65535, like 8080")
    base_url = read.text(table, "web", "base_url", "").strip().rstrip("/")
    if base_url and not _is_base_url(base_url):
        read.problems.append(
            'web.base_url: must be the address people open, like "https://facts.example.org"'
            " (http or https, no query)"
        )
    return WebSettings(
        listen=listen,
        port=port,
        base_url=base_url,
        public_events=_flag(read, table, "public_events"),
        trust_forwarded=_flag(read, table, "trust_forwarded"),
        searches_per_minute=int(
            read.number(
                table, "web", "searches_per_minute", default.searches_per_minute, whole=True
            )
        ),
        cards_per_minute=int(
            read.number(table, "web", "cards_per_minute", default.cards_per_minute, whole=True)
        ),
    )


def _flag(read: Reader, table: dict[str, object], key: str) -> bool:
    """A true/false setting (false when absent)."""
    value = table.get(key, False)
    if not isinstance(value, bool):
        read.problems.append(f"web.{key}: must be true or false")
        return False
    return value


def _is_base_url(text: str) -> bool:
    """Whether ``text`` is an http(s) address with a host and no query, fragment or spaces."""
    parts = urlsplit(text)
    return (
        parts.scheme in {"http", "https"}
        and bool(parts.hostname)
        and not parts.query
        and not parts.fragment
        and not any(char.isspace() for char in text)
    )

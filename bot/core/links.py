"""The addresses of the web face's pages, from its public base URL: chat answers link to them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class WebLinks:
    """Builds page addresses under ``base`` ('' gives paths only, for links inside the site)."""

    base: str = ""

    def fact(self, fact_id: int) -> str:
        """A fact's own page."""
        return f"{self.base}/facts/{fact_id}"

    def card(self, fact_id: int) -> str:
        """A fact's quote card image."""
        return f"{self.base}/facts/{fact_id}/card.png"

    def topic(self, name: str, page: int = 1) -> str:
        """A page of a topic's quotes."""
        path = f"{self.base}/topics/{quote(name, safe='')}"
        return f"{path}?{urlencode({'page': page})}" if page > 1 else path

    def source(self, source_id: str, fact_id: int | None = None) -> str:
        """A source's text; with ``fact_id``, at that fact's passage."""
        path = f"{self.base}/sources/{quote(source_id, safe='')}"
        return f"{path}#fact-{fact_id}" if fact_id is not None else path

    def search(self, words: str) -> str:
        """The search results for ``words``."""
        return f"{self.base}/search?{urlencode({'q': words})}"

    def login(self, token: str) -> str:
        """A one-time admin login link."""
        return f"{self.base}/login/{token}"

    def calendar(self, token: str | None = None, channel: str = "") -> str:
        """The calendar feed (behind the key ``token`` unless events are public)."""
        path = f"{self.base}/calendar/{token}.ics" if token else f"{self.base}/calendar.ics"
        return f"{path}?{urlencode({'channel': channel})}" if channel else path

    def events(self, token: str | None = None) -> str:
        """The events page (behind the key ``token`` unless events are public)."""
        return f"{self.base}/events/{token}" if token else f"{self.base}/events"

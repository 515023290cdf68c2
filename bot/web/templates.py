"""The pages' HTML: Jinja2 templates shipped in the package, every value escaped."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import jinja2

from bot.core.dates import as_of, long_date
from bot.core.quotes import Citation

# Characters that reorder the text around them (embeddings, overrides, isolates): kept in
# quotes, which the pages show isolated (dir="auto", <bdi>), but dropped from titles and
# link-preview text, which cannot be isolated.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
META_LIMIT = 300


def meta_text(text: str, limit: int = META_LIMIT) -> str:
    """``text`` for a title or a link preview: one line, no reordering marks, cut at ``limit``."""
    flat = " ".join(BIDI_CONTROLS.sub("", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def citation_text(citation: Citation | None) -> str:
    """The citation in its one fixed form, without the link."""
    if citation is None:
        return ""
    return Citation(
        citation.author, citation.title, citation.publication, citation.published
    ).text()


def day(value: date | None) -> str:
    """'11 December 2008', or '' for none."""
    return long_date(value) if value else ""


def web_link(url: str) -> str:
    """``url`` when it is an http(s) address, else '' (never a javascript: or data: link)."""
    return url if url.startswith(("https://", "http://")) and " " not in url else ""


def build_environment() -> jinja2.Environment:
    """The template environment: package templates, autoescaping always on."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["meta"] = meta_text
    environment.filters["citation"] = citation_text
    environment.filters["day"] = day
    environment.filters["web_link"] = web_link
    environment.filters["as_of"] = lambda value: as_of(value, full=True) if value else ""
    return environment


class Pages:
    """Renders a named template with the values every page shares."""

    def __init__(self, site: dict[str, Any]) -> None:
        self.environment = build_environment()
        self.site = site

    def render(self, name: str, **values: Any) -> str:
        """The page ``name`` as HTML."""
        return self.environment.get_template(name).render(site=self.site, **values)

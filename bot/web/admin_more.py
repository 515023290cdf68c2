"""The admin editor's other pages: add a source with its text, add a topic alias."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from bot.access.records import WebSession
from bot.commands.fact_texts import refusal
from bot.commands.kinds import read_date
from bot.commands.values import today
from bot.core.errors import UserError
from bot.facts.errors import FactsError
from bot.facts.records import Source
from bot.web.responses import html, see_other
from bot.web.services import WebServices
from bot.web.sessions import FormData, Sessions
from bot.web.templates import Pages

SOURCE_FIELDS = ("id", "title", "author", "publication", "date", "url", "text")


class AdminMore:
    """Adding sources and aliases, each a revision in the admin's chat name."""

    def __init__(self, services: WebServices, pages: Pages, sessions: Sessions) -> None:
        self.services = services
        self.pages = pages
        self.sessions = sessions

    def routes(self) -> list[web.RouteDef]:
        """The routes of these pages."""
        return [
            web.get("/admin/sources/new", self.source_form),
            web.post("/admin/sources/new", self.add_source),
            web.get("/admin/topics/alias", self.alias_form),
            web.post("/admin/topics/alias", self.add_alias),
        ]

    def _page(
        self, name: str, session: WebSession, status: int = 200, **values: Any
    ) -> web.Response:
        """An editor page."""
        body = self.pages.render(name, session=session, query="", **values)
        return html(body, status, private=True)

    async def source_form(self, request: web.Request) -> web.Response:
        """The form to add a source, pasting or uploading its text."""
        session = await self.sessions.viewer(request)
        if isinstance(session, web.Response):
            return session
        typed = dict.fromkeys(SOURCE_FIELDS, "")
        return self._page("admin/source.html", session, form=typed, refused="", done="")

    async def add_source(self, request: web.Request) -> web.Response:
        """Add the source: the same checks as `sources add`, recorded as the admin."""
        checked = await self.sessions.poster(request)
        if isinstance(checked, web.Response):
            return checked
        session, form = checked
        typed = {name: _text(form, name) for name in SOURCE_FIELDS}
        try:
            text = await _uploaded(form) or typed["text"] or None
            source = Source(
                id=typed["id"].strip(),
                title=typed["title"].strip(),
                author=typed["author"].strip(),
                publication=typed["publication"].strip(),
                published=self._day(typed["date"].strip()),
                url=typed["url"].strip(),
            )
            added = await self.services.source_writer.add(
                session.admin.person_id, source, text, duplicate=_text(form, "duplicate") == "yes"
            )
        except FactsError as refused:
            said = refusal(refused, self.services.prefix)
            return self._page("admin/source.html", session, 422, form=typed, refused=said, done="")
        except UserError as mistake:
            said = str(mistake)
            return self._page("admin/source.html", session, 422, form=typed, refused=said, done="")
        return see_other(f"/sources/{added.id}")

    def _day(self, text: str) -> Any:
        """The source's date, or None when left empty."""
        if not text:
            return None
        return read_date("published", text, today(self.services.clock, self.services.zone))

    async def alias_form(self, request: web.Request) -> web.Response:
        """The form to let another name find a topic."""
        session = await self.sessions.viewer(request)
        if isinstance(session, web.Response):
            return session
        return self._page("admin/alias.html", session, topic="", alias="", refused="", done="")

    async def add_alias(self, request: web.Request) -> web.Response:
        """Add the alias, as !topic alias does."""
        checked = await self.sessions.poster(request)
        if isinstance(checked, web.Response):
            return checked
        session, form = checked
        topic, alias = _text(form, "topic").strip(), _text(form, "alias").strip()
        values = {"topic": topic, "alias": alias}
        try:
            changed = await self.services.topic_writer.alias(session.admin.person_id, topic, alias)
        except FactsError as refused:
            said = refusal(refused, self.services.prefix)
            return self._page("admin/alias.html", session, 422, refused=said, done="", **values)
        name = changed.after.name if changed.after else topic
        done = f"'{alias}' now finds {name} (r{changed.revision})."
        return self._page("admin/alias.html", session, topic="", alias="", refused="", done=done)


def _text(form: FormData, name: str) -> str:
    """A text field of the form ('' when missing or a file)."""
    value = form.get(name, "")
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


async def _uploaded(form: FormData) -> str:
    """The text of an uploaded file ('' when none was chosen); it must be UTF-8."""
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        return ""
    data = await asyncio.to_thread(upload.file.read)
    if not data:
        return ""
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise UserError(
            "The file is not UTF-8 text: save it as UTF-8 and upload it again."
        ) from None

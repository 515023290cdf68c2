"""The admin editor's fact pages: edit a fact, see its history as diffs, undo the last change."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from bot.access.records import WebSession
from bot.commands.fact_texts import VERDICT_NOTES, refusal
from bot.commands.history_text import ACTIONS, when
from bot.commands.kinds import read_date, topic_labels
from bot.commands.values import today
from bot.core.errors import UserError
from bot.facts.errors import FactsError, NoSuchFact, NoSuchTopic, QuoteNotInSource
from bot.facts.fact_writer import FactEdit
from bot.facts.records import Fact
from bot.facts.revisions import Revision
from bot.facts.verification import Verdict
from bot.i18n.language import ENGLISH
from bot.web.admin_more import AdminMore
from bot.web.diff import field_changes
from bot.web.responses import html, not_found, see_other
from bot.web.services import WebServices
from bot.web.sessions import FormData, Sessions
from bot.web.templates import Pages

NOTES = {"forced": Verdict.FORCED, "no-text": Verdict.NO_TEXT}


class AdminPages:
    """Pages only a logged-in admin opens; every change is a revision in their chat name."""

    def __init__(self, services: WebServices, pages: Pages, sessions: Sessions) -> None:
        self.services = services
        self.pages = pages
        self.sessions = sessions
        self.more = AdminMore(services, pages, sessions)

    def routes(self) -> list[web.RouteDef]:
        """The editor's routes."""
        return [
            web.get("/admin", self.home),
            web.get("/admin/facts", self.find),
            web.get(r"/admin/facts/{id:\d{1,9}}", self.fact_page),
            web.post(r"/admin/facts/{id:\d{1,9}}", self.edit),
            web.post(r"/admin/facts/{id:\d{1,9}}/undo", self.undo),
            *self.more.routes(),
        ]

    async def home(self, request: web.Request) -> web.Response:
        """Who is logged in, and where to go."""
        session = await self.sessions.viewer(request)
        if isinstance(session, web.Response):
            return session
        return html(self.pages.render("admin/home.html", session=session, query=""), private=True)

    async def find(self, request: web.Request) -> web.Response:
        """The 'edit fact #…' box: on to that fact's page."""
        raw = request.query.get("id", "").strip().removeprefix("#")
        if not raw.isdecimal() or len(raw) > 9:
            return not_found(self.pages, "Fact ids are numbers like 12.")
        return see_other(f"/admin/facts/{int(raw)}")

    async def fact_page(self, request: web.Request) -> web.Response:
        """The edit form of one fact, and its history."""
        session = await self.sessions.viewer(request)
        if isinstance(session, web.Response):
            return session
        fact_id = int(request.match_info["id"])
        done = request.query.get("done", "")[:40]
        note = VERDICT_NOTES.get(NOTES.get(request.query.get("note", ""), Verdict.KEPT))
        return await self._page(session, fact_id, done=done, note=note or "")

    async def _page(
        self,
        session: WebSession,
        fact_id: int,
        *,
        status: int = 200,
        done: str = "",
        note: str = "",
        refused: str = "",
        closest: str = "",
        typed: dict[str, Any] | None = None,
    ) -> web.Response:
        """The fact's page as it is now, with what was typed kept when a change was refused."""
        facts = self.services.facts
        fact = await facts.fact(fact_id, include_deleted=True)
        if fact is None:
            return not_found(self.pages, refusal(NoSuchFact(fact_id), self.services.prefix))
        revisions = await facts.fact_history(fact_id)
        body = self.pages.render(
            "admin/fact.html",
            session=session,
            fact=fact,
            form=typed or _form_values(fact),
            history=[self._row(revision) for revision in reversed(revisions)],
            done=done,
            note=note,
            refused=refused,
            closest=closest,
            query="",
        )
        return html(body, status, private=True)

    def _row(self, revision: Revision) -> dict[str, Any]:
        """One revision as the history table shows it."""
        if revision.undoes is not None:
            action = f"undid r{revision.undoes}"
        else:
            action = ACTIONS.get(revision.action, revision.action)
        return {
            "id": revision.id,
            "when": when(revision.at, self.services.zone),
            "author": revision.author,
            "action": action,
            "changes": field_changes(revision.before, revision.after),
        }

    async def edit(self, request: web.Request) -> web.Response:
        """Save the edit form: the same checks as !fact edit, recorded as the admin."""
        checked = await self.sessions.poster(request)
        if isinstance(checked, web.Response):
            return checked
        session, form = checked
        fact_id = int(request.match_info["id"])
        typed = _typed(form)
        try:
            edit = await self._edit_from(typed)
            changed = await self.services.fact_writer.edit(
                session.admin.person_id, fact_id, edit, force=typed["unverified"]
            )
        except QuoteNotInSource as refused:
            said = (
                f"That quote is not word for word in the source {refused.source_id}. Fix the"
                " quote, or tick “keep it, marked unverified” to save it anyway."
            )
            return await self._page(
                session, fact_id, status=422, refused=said, closest=refused.closest, typed=typed
            )
        except FactsError as refused:
            said = refusal(refused, self.services.prefix)
            return await self._page(session, fact_id, status=422, refused=said, typed=typed)
        except UserError as mistake:
            return await self._page(session, fact_id, status=422, refused=str(mistake), typed=typed)
        note = {Verdict.FORCED: "forced", Verdict.NO_TEXT: "no-text"}.get(changed.verdict, "")
        query = f"?done=r{changed.revision}" + (f"&note={note}" if note else "")
        return see_other(f"/admin/facts/{fact_id}{query}")

    async def _edit_from(self, typed: dict[str, Any]) -> FactEdit:
        """The edit the form asks for; topics by name or alias, the date as YYYY-MM-DD."""
        topic_ids: list[int] = []
        for label in topic_labels(typed["topics"], ENGLISH):
            topic = await self.services.facts.find_topic(label)
            if topic is None:
                raise NoSuchTopic(label)
            topic_ids.append(topic.id)
        as_of: date | None = None
        if typed["as_of"]:
            latest = today(self.services.clock, self.services.zone)
            as_of = read_date("as-of", typed["as_of"], latest)
        return FactEdit(
            quote=typed["quote"],
            note=typed["note"],
            topic_ids=tuple(topic_ids),
            as_of=as_of,
            set_as_of=True,
        )

    async def undo(self, request: web.Request) -> web.Response:
        """Revert the fact's last change (the undo is itself recorded)."""
        checked = await self.sessions.poster(request)
        if isinstance(checked, web.Response):
            return checked
        session = checked[0]
        fact_id = int(request.match_info["id"])
        try:
            undone = await self.services.fact_writer.undo(session.admin.person_id, fact_id)
        except FactsError as refused:
            said = refusal(refused, self.services.prefix)
            return await self._page(session, fact_id, status=422, refused=said)
        return see_other(f"/admin/facts/{fact_id}?done=r{undone.revision}")


def _form_values(fact: Fact) -> dict[str, Any]:
    """The edit form filled from the fact as stored."""
    return {
        "quote": fact.quote,
        "note": fact.note,
        "as_of": fact.as_of.isoformat() if fact.as_of else "",
        "topics": ", ".join(fact.topics),
        "unverified": False,
    }


def _typed(form: FormData) -> dict[str, Any]:
    """What the admin typed into the edit form (text fields only; files are ignored)."""

    def text(name: str) -> str:
        value = form.get(name, "")
        return value.replace("\r\n", "\n") if isinstance(value, str) else ""

    return {
        "quote": text("quote").strip(),
        "note": text("note").strip(),
        "as_of": text("as_of").strip(),
        "topics": text("topics"),
        "unverified": text("unverified") == "yes",
    }

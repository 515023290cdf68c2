"""Logging in from a one-time chat link, the session cookie, and the CSRF check of every form."""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from multidict import MultiDictProxy

from bot.access.errors import LoginLinkRefused
from bot.access.records import WebSession
from bot.web.client import is_https, origin_of
from bot.web.responses import error_page, html, see_other
from bot.web.services import WebServices
from bot.web.templates import Pages

log = logging.getLogger(__name__)

COOKIE = "campaign_bot_session"
TOKEN_CHARS = 100
FormData = MultiDictProxy[str | bytes | bytearray | web.FileField]
REFUSED_LINK = {
    "unknown": "This login link is not valid.",
    "used": "This login link has been used already: each link works once.",
    "expired": "This login link has expired: links last ten minutes.",
    "revoked": "This login link was for an admin the config no longer lists: ask for a new one.",
}


class Sessions:
    """The login pages, and the checks every admin page and form goes through."""

    def __init__(self, services: WebServices, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    def routes(self) -> list[web.RouteDef]:
        """The login and logout routes."""
        return [
            web.get("/login/{token}", self.login_page),
            web.post("/login/{token}", self.login),
            web.post("/logout", self.logout),
        ]

    def _ask_again(self) -> str:
        """How to get a new link."""
        return f"Ask for a new one by typing {self.services.prefix}web login to the bot in chat."

    def refused_link(self, refused: LoginLinkRefused) -> web.Response:
        """The page for a login link that does not open a session."""
        message = f"{REFUSED_LINK[refused.why]} {self._ask_again()}"
        return error_page(self.pages, 403, "Login refused", message)

    async def login_page(self, request: web.Request) -> web.Response:
        """The page a login link opens: one button, so that a link preview logs nobody in."""
        token = request.match_info["token"][:TOKEN_CHARS]
        try:
            await self.services.access.check_login(token)
        except LoginLinkRefused as refused:
            return self.refused_link(refused)
        return html(self.pages.render("login.html", query=""), private=True)

    async def login(self, request: web.Request) -> web.Response:
        """Use the link once: start a session and go to the editor."""
        if not self.same_origin(request):
            return self.foreign_form()
        token = request.match_info["token"][:TOKEN_CHARS]
        try:
            session_token, session = await self.services.access.redeem_login(token)
        except LoginLinkRefused as refused:
            log.info("web login refused: %s link", refused.why)
            return self.refused_link(refused)
        log.info("web login: %s (%s)", session.admin.person_id, session.admin.reason)
        response = see_other("/admin")
        settings = self.services.settings
        lasts = session.expires_at - int(self.services.clock.now().timestamp())
        response.set_cookie(
            COOKIE,
            session_token,
            max_age=max(lasts, 0),
            path="/",
            httponly=True,
            samesite="Strict",
            secure=is_https(request, settings.trust_forwarded, settings.base_url),
        )
        return response

    async def logout(self, request: web.Request) -> web.Response:
        """End the session (a form with its CSRF token)."""
        checked = await self.poster(request)
        if isinstance(checked, web.Response):
            return checked
        await self.services.access.end_session(request.cookies[COOKIE])
        response = see_other("/")
        response.del_cookie(COOKIE, path="/")
        return response

    async def session(self, request: web.Request) -> WebSession | None:
        """The admin whose session cookie came with the request, or None."""
        token = request.cookies.get(COOKIE, "")
        if not token or len(token) > TOKEN_CHARS:
            return None
        return await self.services.access.session(token)

    def same_origin(self, request: web.Request) -> bool:
        """False when the browser says the form came from another site."""
        origin = request.headers.get("Origin")
        if origin is None or origin == "null":
            # Browsers send Origin with every POST; "null" comes from privacy-minded ones.
            return origin is None or request.headers.get("Sec-Fetch-Site") in {None, "same-origin"}
        settings = self.services.settings
        return origin == origin_of(request, settings.trust_forwarded, settings.base_url)

    async def form(self, request: web.Request, session: WebSession) -> FormData | None:
        """The posted form, or None unless it carries this session's CSRF token."""
        if not self.same_origin(request):
            return None
        form = await request.post()
        sent = form.get("csrf")
        if not isinstance(sent, str) or not hmac.compare_digest(
            sent.encode("utf-8", "surrogatepass"), session.csrf.encode()
        ):
            return None
        return form

    async def viewer(self, request: web.Request) -> WebSession | web.Response:
        """The logged-in admin, or the page refusing one who is not."""
        session = await self.session(request)
        return self.not_logged_in() if session is None else session

    async def poster(self, request: web.Request) -> tuple[WebSession, FormData] | web.Response:
        """The logged-in admin and their form, or the page refusing it."""
        session = await self.session(request)
        if session is None:
            return self.not_logged_in()
        form = await self.form(request, session)
        return self.foreign_form() if form is None else (session, form)

    def not_logged_in(self) -> web.Response:
        """The page for an admin page opened without a session."""
        message = (
            "The editor is for the group's admins. Type "
            f"{self.services.prefix}web login to the bot in chat for a login link."
        )
        return error_page(self.pages, 403, "Log in first", message)

    def foreign_form(self) -> web.Response:
        """The page for a form without this session's CSRF token (or from another site)."""
        message = (
            "That form is out of date or came from another site, so nothing was changed. "
            "Go back, reload the page and try again."
        )
        return error_page(self.pages, 403, "Form refused", message)

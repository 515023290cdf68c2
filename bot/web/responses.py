"""Responses every page shares: HTML with safe headers, and the error pages."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.web.templates import Pages

# No script runs on any page, and nothing loads from elsewhere: an injected tag does nothing.
POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    # Login links carry their token in the path: no page ever sends its address elsewhere.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def html(body: str, status: int = 200, *, private: bool = False) -> web.Response:
    """An HTML page; ``private`` pages (the admin's) are never stored by a cache."""
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store" if private else "public, max-age=60"
    return response


def see_other(location: str) -> web.Response:
    """303 to ``location``: where a form goes once it has done its work."""
    return web.Response(status=303, headers={"Location": location})


def error_page(pages: Pages, status: int, heading: str, message: str) -> web.Response:
    """A short page saying what went wrong, with ``status``."""
    body = pages.render("error.html", heading=heading, message=message, query="")
    response = html(body, status, private=True)
    return response


def not_found(pages: Pages, message: str = "There is no page at this address.") -> web.Response:
    """404 with a one-line reason."""
    return error_page(pages, 404, "Not found", message)


def with_safe_headers(pages: Pages) -> Middleware:
    """Middleware: the security headers on every response, and our own page for a 404."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPNotFound:
            response = not_found(pages)
        except web.HTTPException as problem:
            for name, value in HEADERS.items():
                problem.headers.setdefault(name, value)
            raise
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return middleware

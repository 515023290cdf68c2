"""Who is asking and how: the client's address and scheme, believing a proxy only when told."""

from __future__ import annotations

from aiohttp import web


def client_address(request: web.Request, trust_forwarded: bool) -> str:
    """The address to rate-limit by: the peer, or behind a trusted proxy the one it saw.

    The proxy appends the address it saw to X-Forwarded-For, so only the last entry is
    its word; earlier ones are whatever the client sent.
    """
    if trust_forwarded:
        forwarded = request.headers.get("X-Forwarded-For", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return request.remote or "unknown"


def is_https(request: web.Request, trust_forwarded: bool, base_url: str) -> bool:
    """Whether the browser reached us over HTTPS (a cookie is then marked Secure)."""
    if request.scheme == "https" or base_url.startswith("https://"):
        return True
    if trust_forwarded:
        proto = request.headers.get("X-Forwarded-Proto", "").rsplit(",", 1)[-1].strip()
        return proto.lower() == "https"
    return False


def origin_of(request: web.Request, trust_forwarded: bool, base_url: str) -> str:
    """This site's origin as the browser sees it ('https://facts.example.org')."""
    if base_url:
        scheme, _, rest = base_url.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
    scheme = "https" if is_https(request, trust_forwarded, base_url) else "http"
    return f"{scheme}://{request.host}"

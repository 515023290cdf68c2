"""A web session as the pages see it: whose it is and the token its forms carry."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

# 32 random bytes: a link or cookie nobody can guess, and short enough to paste.
TOKEN_BYTES = 32


def new_token() -> str:
    """A fresh random token, safe in a URL or a cookie."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hashed(token: str) -> str:
    """How a login link or session token is stored: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Admin:
    """The chat identity a login link was issued to, and why it was an admin then."""

    person_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class WebSession:
    """A logged-in admin: their identity, the CSRF token of their forms, when it ends."""

    admin: Admin
    csrf: str
    expires_at: int

"""What the access domain refuses, as typed values: the web pages put them into words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.errors import DomainError

Why = Literal["unknown", "used", "expired", "revoked"]


class AccessError(DomainError):
    """A key to the web face's private parts was refused."""


@dataclass(eq=False)
class LoginLinkRefused(AccessError):
    """A login link nobody issued, used already, past its ten minutes, or for an admin no more."""

    why: Why

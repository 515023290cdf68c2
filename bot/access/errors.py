"""What the access domain refuses, as typed values: the web pages put them into words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.errors import DomainError

Why = Literal["unknown", "used", "expired"]


class AccessError(DomainError):
    """A key to the web face's private parts was refused."""


@dataclass(eq=False)
class LoginLinkRefused(AccessError):
    """A login link nobody issued, one used already, or one past its ten minutes."""

    why: Why

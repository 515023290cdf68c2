"""What the bot says where a command was asked when its answer is for the asker's eyes only."""

from __future__ import annotations

from bot.core.model import Line, Reply, Style

SENT_PRIVATELY = "I have sent you the answer in a direct message, where only you can read it."


def only_in_direct(command: str) -> str:
    """The refusal of a private answer where it cannot be given privately (``!web login``)."""
    return (
        "I give that answer only in a direct message, where nobody else can read it:"
        f" send me {command} there."
    )


def sent_privately() -> Reply:
    """The note left in a shared room once a private answer went to the asker alone."""
    return Reply((Line(SENT_PRIVATELY, Style.HINT),))


def kept_back(why: str) -> Reply:
    """The note left in a shared room when the private answer could not reach the asker."""
    return Reply.oops(why)

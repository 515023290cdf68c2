"""The words around a private answer: the notes left where it was asked, and the refusal."""

from __future__ import annotations

from bot.core.model import Privately

SENT = "I have sent you the answer in a direct message, where only you can read it."
KEPT_BACK = (
    "I could not send you a direct message, so I kept the answer to myself: allow direct"
    " messages from me and try again. On Discord that is in this server's Privacy Settings,"
    " and the slash command's answer is private too."
)
NOTES = Privately(SENT, KEPT_BACK)


def only_in_direct(command: str) -> str:
    """The refusal of a private answer where it cannot be given privately (``!web login``)."""
    return (
        "I give that answer only in a direct message, where nobody else can read it:"
        f" send me {command} there."
    )

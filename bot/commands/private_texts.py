"""The words around a private answer: the notes left where it was asked, and the refusal."""

from __future__ import annotations

from bot.commands.wording import wording
from bot.core.model import Privately
from bot.i18n.language import ENGLISH, N_, Language

SENT = N_("I have sent you the answer in a direct message, where only you can read it.")
KEPT_BACK = N_(
    "I could not send you a direct message, so I kept the answer to myself: allow direct"
    " messages from me and try again. On Discord that is in this server's Privacy Settings,"
    " and the slash command's answer is private too."
)


def notes(lang: Language = ENGLISH) -> Privately:
    """The notes left in the room a private answer was asked in, in ``lang``."""
    return Privately(lang._(SENT), lang._(KEPT_BACK), wording(lang))


def only_in_direct(command: str, lang: Language = ENGLISH) -> str:
    """The refusal of a private answer where it cannot be given privately (``!web login``)."""
    return lang._(
        "I give that answer only in a direct message, where nobody else can read it:"
        " send me {command} there.",
        command=command,
    )

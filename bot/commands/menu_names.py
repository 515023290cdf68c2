"""The names menus show for commands and their options, marked so each language names them.

Typed commands keep their English names (``!facts``); a native menu (Discord's slash
commands) may show each person the names in their language. A name in a catalog is one
word for a menu: lower case, letters, digits and dashes, at most 32 characters.
"""

from __future__ import annotations

from bot.i18n.language import P_

COMMAND = "menu command"
OPTION = "menu option"

COMMAND_NAMES = (
    P_("menu command", "iom"),
    P_("menu command", "facts"),
    P_("menu command", "facts-search"),
    P_("menu command", "fact"),
    P_("menu command", "source"),
    P_("menu command", "sources"),
    P_("menu command", "source-add"),
    P_("menu command", "fact-add"),
    P_("menu command", "fact-edit"),
    P_("menu command", "fact-translate"),
    P_("menu command", "fact-delete"),
    P_("menu command", "fact-restore"),
    P_("menu command", "fact-history"),
    P_("menu command", "fact-undo"),
    P_("menu command", "topic-alias"),
    P_("menu command", "topic-unalias"),
    P_("menu command", "topic-rename"),
    P_("menu command", "topic-history"),
    P_("menu command", "topic-undo"),
    P_("menu command", "events"),
    P_("menu command", "events-ics"),
    P_("menu command", "event"),
    P_("menu command", "event-add"),
    P_("menu command", "event-edit"),
    P_("menu command", "event-cancel"),
    P_("menu command", "event-remind"),
    P_("menu command", "going"),
    P_("menu command", "notgoing"),
    P_("menu command", "announce"),
    P_("menu command", "web-login"),
    P_("menu command", "web-logout"),
    P_("menu command", "web-calendar"),
    P_("menu command", "language"),
    P_("menu command", "whoami"),
    P_("menu command", "help"),
)

OPTION_NAMES = (
    P_("menu option", "topic"),
    P_("menu option", "page"),
    P_("menu option", "words"),
    P_("menu option", "id"),
    P_("menu option", "quote"),
    P_("menu option", "source"),
    P_("menu option", "note"),
    P_("menu option", "as-of"),
    P_("menu option", "unverified"),
    P_("menu option", "new-topic"),
    P_("menu option", "duplicate"),
    P_("menu option", "language"),
    P_("menu option", "translation"),
    P_("menu option", "remove"),
    P_("menu option", "title"),
    P_("menu option", "when"),
    P_("menu option", "at"),
    P_("menu option", "remind"),
    P_("menu option", "every"),
    P_("menu option", "channels"),
    P_("menu option", "details"),
    P_("menu option", "reminders"),
    P_("menu option", "text"),
    P_("menu option", "alias"),
    P_("menu option", "old"),
    P_("menu option", "new"),
    P_("menu option", "command"),
    P_("menu option", "rotate"),
    P_("menu option", "author"),
    P_("menu option", "publication"),
    P_("menu option", "date"),
    P_("menu option", "url"),
)


def menu_name(command: str) -> str:
    """A command's menu name: its typed name with spaces as dashes (``fact add`` -> fact-add)."""
    return command.lower().replace(" ", "-")

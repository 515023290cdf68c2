"""!language: which language the bot speaks in this room; organisers and admins change it."""

from __future__ import annotations

import logging

from bot.commands.params import Kind, word
from bot.commands.registry import Command, Context
from bot.commands.wording import wording
from bot.core.authority import who_where
from bot.core.errors import UserError
from bot.core.language_codes import language_code
from bot.core.model import Line, Reply, Role, Style
from bot.i18n.catalogs import NATIVE_NAMES, Languages
from bot.i18n.language import N_, Language
from bot.rooms.store import RoomLanguages

log = logging.getLogger(__name__)

DEFAULT = "default"


def _code(text: str, lang: Language) -> str:
    """A language code as typed ('FR', 'fr-FR' and 'fr' are French), or 'default'."""
    return language_code(text)


CODE = word(
    "language",
    Kind(_code, N_("a language code, like fr, es or ar, or default"), shape="<code>|default"),
    required=False,
)


class LanguageCommands:
    """Showing and setting the language of a room."""

    def __init__(self, languages: Languages, rooms: RoomLanguages) -> None:
        self.languages = languages
        self.rooms = rooms

    def commands(self) -> list[Command]:
        """The language command."""
        return [
            Command(
                "language",
                N_("The language I speak here; organisers and admins change it."),
                self.language,
                (CODE,),
                example="language fr",
            )
        ]

    def listed(self) -> str:
        """Every language, named in itself, with its code."""
        return ", ".join(f"{NATIVE_NAMES[code]} ({code})" for code in self.languages.codes)

    async def language(self, ctx: Context) -> Reply:
        """!language [code|default]."""
        code = ctx.get(CODE)
        if code is None:
            return await self._show(ctx)
        lang, person = ctx.lang, ctx.person
        who = who_where(person, ctx.place)
        if not person.may(Role.ORGANISER):
            log.info("refused !language: %s, needs organiser", who)
            return Reply.oops(lang._("Only organisers and admins can change the language here."))
        if code == DEFAULT:
            await self.rooms.clear(ctx.place)
            chosen = self.languages.default
        elif (found := self.languages.known(code)) is not None:
            await self.rooms.set(ctx.place, found.code, person.id)
            chosen = found
        else:
            # The command was typed right: the languages spoken are the whole answer.
            raise UserError(lang._("I do not speak '{code}'. I speak {languages}.",
                                   code=code[:20], languages=self.listed()))  # fmt: skip
        log.info("!language %s: %s", chosen.code, who)
        # Said in the room's new language, as everything from now on.
        said = chosen._("From now on I speak English here.")
        return Reply((Line(said),), wording=wording(chosen))

    async def _show(self, ctx: Context) -> Reply:
        """The language here, where it comes from, and the others."""
        lang = ctx.lang
        set_here = await self.rooms.of(ctx.place)
        spoken = set_here and self.languages.known(set_here.language)
        # Said in the room's language, which a slash command's answer may not be in.
        lines = [Line((spoken or self.languages.default)._("Here I speak English."))]
        if set_here is None:
            lines.append(Line(lang._("It is the group's language ([bot] language).")))
        else:
            lines.append(Line(lang._("It was set here by {person}.", person=set_here.set_by)))
        lines.append(Line(lang._("I speak {languages}.", languages=self.listed())))
        hint = lang._("Organisers and admins change it with {command}, or {back} for the "
                      "group's.", command=f"{ctx.prefix}language fr",
                      back=f"{ctx.prefix}language {DEFAULT}")  # fmt: skip
        lines.append(Line(hint, Style.HINT))
        return Reply(tuple(lines))

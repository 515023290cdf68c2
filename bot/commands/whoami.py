"""!whoami (everyone): your role, and where it comes from."""

from __future__ import annotations

from bot.commands.registry import Command, Context
from bot.core.authority import also, why
from bot.core.model import Line, Reply, Style
from bot.i18n.language import N_


class WhoamiCommands:
    """Shows people the group's authority model at work on themselves."""

    def commands(self) -> list[Command]:
        """The whoami command."""
        return [
            Command(
                "whoami",
                N_("Your role here, and where it comes from."),
                self.whoami,
                example="whoami",
            )
        ]

    async def whoami(self, ctx: Context) -> Reply:
        """!whoami: the role line, any other claims, and the id to list in [roles]."""
        person, lang = ctx.person, ctx.lang
        lines = [Line(why(person, lang.say))]
        lines += [Line(text, Style.HINT) for text in also(person, lang.say)]
        your_id = lang._("Your id (for the config's [roles]): {id}", id=person.id)
        lines.append(Line(your_id, Style.HINT))
        return Reply(tuple(lines))

"""!whoami (everyone): your role, and where it comes from."""

from __future__ import annotations

from bot.commands.registry import Command, Context
from bot.core.authority import also, why
from bot.core.model import Line, Reply, Style


class WhoamiCommands:
    """Shows people the group's authority model at work on themselves."""

    def commands(self) -> list[Command]:
        """The whoami command."""
        return [
            Command(
                "whoami",
                "Your role here, and where it comes from.",
                self.whoami,
                example="whoami",
            )
        ]

    async def whoami(self, ctx: Context) -> Reply:
        """!whoami: the role line, any other claims, and the id to list in [roles]."""
        person = ctx.person
        lines = [Line(why(person))]
        lines += [Line(text, Style.HINT) for text in also(person)]
        lines.append(Line(f"Your id (for the config's [roles]): {person.id}", Style.HINT))
        return Reply(tuple(lines))

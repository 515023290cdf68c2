"""!help, generated from the registry and filtered by what the person may use."""

from __future__ import annotations

from bot.commands.kinds import COMMAND
from bot.commands.params import words
from bot.commands.registry import Command, Context, Registry
from bot.commands.router import shorten
from bot.core.model import Line, Reply, Role, Style

ABOUT = words("command", COMMAND, required=False)


class HelpCommands:
    """Help over a registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def commands(self) -> list[Command]:
        """The help command itself."""
        return [
            Command(
                "help",
                "What the bot can do, or how to use one command.",
                self.help,
                (ABOUT,),
                example="help facts",
                aliases=("commands",),
            )
        ]

    async def help(self, ctx: Context) -> Reply:
        """!help or !help <command>: only what this person may use."""
        if (about := ctx.get(ABOUT)) is not None:
            return self._one(ctx, about.removeprefix(ctx.prefix))
        lines = [Line("Commands you can use:", Style.HEADING)]
        for role in Role:
            usable = [c for c in self.registry.commands() if c.role is role]
            if not usable or not ctx.person.may(role):
                continue
            if role is not Role.MEMBER:
                lines.append(Line(f"{role.label.capitalize()} commands:", Style.HEADING))
            lines += [Line(f"{ctx.prefix}{c.usage} — {c.summary}") for c in usable]
        lines.append(Line(f"More on one: {ctx.prefix}help <command>", Style.HINT))
        return Reply(tuple(lines))

    def _one(self, ctx: Context, name: str) -> Reply:
        """Help on one command."""
        words = name.split()
        found = self.registry.find(words)
        if found is None:
            return Reply.oops(f"No command '{shorten(name, 30)}'. See {ctx.prefix}help")
        command = found[0]
        if not ctx.person.may(command.role):
            return Reply.oops(
                f"{ctx.prefix}{command.name} is for {command.role.label}s only. "
                f"See {ctx.prefix}help for what you can use."
            )
        who = "everyone" if command.role is Role.MEMBER else f"{command.role.label}s only"
        lines = [
            Line(f"{ctx.prefix}{command.name} — {command.summary}", Style.HEADING),
            Line(f"Usage: {ctx.prefix}{command.usage}"),
        ]
        if command.example:
            lines.append(Line(f"Example: {ctx.prefix}{command.example}"))
        if command.aliases:
            lines.append(Line("Also: " + ", ".join(ctx.prefix + a for a in command.aliases)))
        marker = " (admin command)" if command.role is Role.ADMIN else ""
        lines.append(Line(f"Who: {who}{marker}"))
        return Reply(tuple(lines))

"""!help, generated from the registry and filtered by what the person may use."""

from __future__ import annotations

from bot.commands.kinds import COMMAND
from bot.commands.params import words
from bot.commands.registry import Command, Context, Registry
from bot.commands.router import shorten
from bot.core.model import Line, Reply, Role, Style
from bot.i18n.language import N_

ABOUT = words("command", COMMAND, required=False)
HEADINGS = {Role.ORGANISER: N_("Organiser commands:"), Role.ADMIN: N_("Admin commands:")}
WHO = {
    Role.MEMBER: N_("Who: everyone"),
    Role.ORGANISER: N_("Who: organisers only"),
    Role.ADMIN: N_("Who: admins only (admin command)"),
}
FOR_ONLY = {
    Role.ORGANISER: N_("{command} is for organisers only. See {help} for what you can use."),
    Role.ADMIN: N_("{command} is for admins only. See {help} for what you can use."),
}


class HelpCommands:
    """Help over a registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def commands(self) -> list[Command]:
        """The help command itself."""
        return [
            Command(
                "help",
                N_("What the bot can do, or how to use one command."),
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
        lang = ctx.lang
        lines = [Line(lang._("Commands you can use:"), Style.HEADING)]
        for role in Role:
            usable = [c for c in self.registry.commands() if c.role is role]
            if not usable or not ctx.person.may(role):
                continue
            if role is not Role.MEMBER:
                lines.append(Line(lang._(HEADINGS[role]), Style.HEADING))
            lines += [Line(f"{ctx.prefix}{c.usage} — {lang._(c.summary)}") for c in usable]
        more = f"{ctx.prefix}help <command>"
        lines.append(Line(lang._("More on one: {command}", command=more), Style.HINT))
        return Reply(tuple(lines))

    def _one(self, ctx: Context, name: str) -> Reply:
        """Help on one command."""
        lang, prefix = ctx.lang, ctx.prefix
        found = self.registry.find(name.split())
        if found is None:
            return Reply.oops(lang._("No command '{command}'. See {help}",
                                     command=shorten(name, 30), help=f"{prefix}help"))  # fmt: skip
        command = found[0]
        if not ctx.person.may(command.role):
            return Reply.oops(lang._(FOR_ONLY[command.role], command=f"{prefix}{command.name}",
                                     help=f"{prefix}help"))  # fmt: skip
        usage = f"{prefix}{command.usage}"
        lines = [
            Line(f"{prefix}{command.name} — {lang._(command.summary)}", Style.HEADING),
            Line(lang._("Usage: {usage}", usage=usage)),
        ]
        if command.example:
            example = prefix + lang._(command.example)
            lines.append(Line(lang._("Example: {example}", example=example)))
        if command.aliases:
            also = ", ".join(prefix + alias for alias in command.aliases)
            lines.append(Line(lang._("Also: {aliases}", aliases=also)))
        lines.append(Line(lang._(WHO[command.role])))
        return Reply(tuple(lines))

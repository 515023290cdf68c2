"""Turn an incoming message into a reply: find the command, check the role, run it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.commands.binding import accept, bind
from bot.commands.limits import RateLimiter, Verdict
from bot.commands.parsing import clean, parse_args, tokenize
from bot.commands.private_texts import NOTES, only_in_direct
from bot.commands.registry import Command, Context, Registry
from bot.core.authority import why
from bot.core.errors import UsageError, UserError
from bot.core.model import Incoming, Invocation, Person, Place, Reply, Role

log = logging.getLogger(__name__)

MAX_INPUT = 4000


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Router:
    """Routes commands to the registered handlers: typed text, or an adapter's invocation."""

    def __init__(
        self, registry: Registry, prefix: str = "!", limiter: RateLimiter | None = None
    ) -> None:
        self.registry = registry
        self.prefix = prefix
        self.limiter = limiter

    async def handle(self, incoming: Incoming, *, privately: bool = False) -> Reply | None:
        """The reply to ``incoming``, or None when it is not meant for the bot.

        ``privately``: the adapter gives a private answer to the asker alone wherever they
        asked; otherwise a command whose answer is private runs only in a direct conversation.
        """
        called = incoming.invocation
        text = incoming.text.strip()
        is_command = called is not None or text.startswith(self.prefix)
        if not is_command and not (incoming.direct and text):
            return None
        if self.limiter is not None:
            verdict, about = self.limiter.check(
                incoming.place.platform, incoming.author.id, incoming.place.id
            )
            if verdict is Verdict.IGNORE:
                return None
            if verdict is Verdict.WARN:
                log.info("rate limit: %s %s in %s", about, incoming.author.id, incoming.place.id)
                return Reply.oops(self.limiter.warning(about))
        if not is_command:
            return Reply.oops(f"Commands start with {self.prefix}: try {self.prefix}help")
        size = len(text) if called is None else sum(len(str(v)) for v in called.values.values())
        if size > MAX_INPUT:
            log.debug("too long (%d chars) from %s", size, incoming.author.id)
            return Reply.oops(
                f"That message is too long ({size:,} characters); "
                f"keep commands under {MAX_INPUT:,}."
            )
        body = clean(text[len(self.prefix) :])
        if called is None and not body:
            return Reply.oops(f"Type {self.prefix}help to see what I can do.")
        private_ok = privately or incoming.direct
        try:
            if called is None:
                return await self._typed(incoming, body, private_ok)
            return await self._called(called, private_ok)
        except UserError as mistake:
            log.debug("user error from %s: %s", incoming.author.id, mistake)
            return Reply.oops(str(mistake))
        except Exception:
            what = body if called is None else f"{called.command} {dict(called.values)}"
            log.exception("command failed: %r from %s", shorten(what, 200), incoming.author.id)
            return Reply.oops("Sorry, something went wrong with that command. It has been logged.")

    async def _typed(self, incoming: Incoming, body: str, private_ok: bool) -> Reply:
        """Parse the command typed in ``body`` into an invocation and run it."""
        tokens = tokenize(body)
        leading = [t.text for t in tokens[:2] if not t.quoted and t.key is None]
        found = self.registry.find(leading)
        if found is None:
            return self._unknown(tokens[0].text if tokens else body)
        command, used = found
        if refused := self._refusal(command, incoming.author, incoming.place):
            return refused

        def typed() -> Invocation:
            args = parse_args(tokens[used:], command.option_names, command.flag_names)
            hint, nothing_after = command.mistake(self.prefix), command.nothing_after(self.prefix)
            values = bind(command.params, args, hint, nothing_after)
            return Invocation(
                command.name, values, incoming.author, incoming.place, incoming.direct
            )

        return await self._run(command, typed, private_ok)

    async def _called(self, called: Invocation, private_ok: bool) -> Reply:
        """Run a command an adapter named with its values, read as the command declares."""
        command = self.registry.get(called.command)
        if command is None:
            return self._unknown(called.command)
        if refused := self._refusal(command, called.author, called.place):
            return refused

        def read() -> Invocation:
            values = accept(command.params, called.values, command.mistake(self.prefix))
            return replace(called, values=values)

        return await self._run(command, read, private_ok)

    async def _run(
        self, command: Command, read: Callable[[], Invocation], private_ok: bool
    ) -> Reply:
        """Read the invocation and run it; a usage mistake gets the command's usage line.

        A command whose answer is private does not run where it cannot be given privately.
        """
        try:
            invocation = read()
            if command.private and not private_ok:
                where = f"{invocation.place.platform} {invocation.place.id}"
                log.info("refused !%s in %s: nothing private reaches there", command.name, where)
                return Reply.oops(only_in_direct(f"{self.prefix}{command.name}"))
            return await self.invoke(command, invocation)
        except UsageError as mistake:
            raise UserError(f"{mistake}\n{self.usage_line(command)}") from None

    async def invoke(self, command: Command, invocation: Invocation) -> Reply:
        """Run ``command`` on an invocation whose values are typed (every path ends here)."""
        reply = await command.handler(Context(invocation, self.prefix))
        return replace(reply, private=NOTES) if command.private else reply

    def _refusal(self, command: Command, author: Person, place: Place) -> Reply | None:
        """The answer when ``author`` may not use ``command`` (logged either way)."""
        who = f"{author.id} in {place.platform} {place.id} is {why(author)}"
        if not author.may(command.role):
            log.info("refused !%s: %s, needs %s", command.name, who, command.role.label)
            return Reply.oops(command.refusal())
        if command.role is not Role.MEMBER:
            log.info("allowed !%s: %s", command.name, who)
        return None

    def usage_line(self, command: Command) -> str:
        """``Usage: ...`` with the command's example."""
        line = f"Usage: {self.prefix}{command.usage}"
        return f"{line}  e.g. {self.prefix}{command.example}" if command.example else line

    def _unknown(self, name: str) -> Reply:
        """The answer to a command name nobody registered."""
        log.debug("unknown command %r", shorten(name, 200))
        shown = shorten(name, 30)
        # Imported on the first unknown command: rapidfuzz is ~3 MiB nothing else needs.
        from rapidfuzz import fuzz, process

        guess = process.extractOne(
            name.lower()[:40], self.registry.names(), scorer=fuzz.ratio, score_cutoff=70
        )
        hint = f" Did you mean {self.prefix}{guess[0]}?" if guess else ""
        return Reply.oops(f"Unknown command '{self.prefix}{shown}'.{hint} Try {self.prefix}help")

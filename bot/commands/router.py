"""Turn an incoming message into a reply: find the command, check the role, run it."""

from __future__ import annotations

import logging

from rapidfuzz import fuzz, process

from bot.commands.limits import RateLimiter, Verdict
from bot.commands.parsing import clean, parse_args, tokenize
from bot.commands.registry import Command, Context, Registry
from bot.core.authority import why
from bot.core.errors import UsageError, UserError
from bot.core.model import Incoming, Reply, Role

log = logging.getLogger(__name__)

MAX_INPUT = 4000


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def who_where(incoming: Incoming) -> str:
    """Who sent ``incoming``, where, and the role the model gives them with why (for the log)."""
    place = incoming.place
    return f"{incoming.author.id} in {place.platform} {place.id} is {why(incoming.author)}"


class Router:
    """Routes messages that start with the prefix to the registered commands."""

    def __init__(
        self, registry: Registry, prefix: str = "!", limiter: RateLimiter | None = None
    ) -> None:
        self.registry = registry
        self.prefix = prefix
        self.limiter = limiter

    async def handle(self, incoming: Incoming) -> Reply | None:
        """The reply to ``incoming``, or None when it is not meant for the bot."""
        text = incoming.text.strip()
        is_command = text.startswith(self.prefix)
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
        if len(text) > MAX_INPUT:
            log.debug("too long (%d chars) from %s", len(text), incoming.author.id)
            return Reply.oops(
                f"That message is too long ({len(text):,} characters); "
                f"keep commands under {MAX_INPUT:,}."
            )
        body = clean(text[len(self.prefix) :])
        if not body:
            return Reply.oops(f"Type {self.prefix}help to see what I can do.")
        try:
            return await self._dispatch(incoming, body)
        except UserError as mistake:
            log.debug("user error from %s: %s", incoming.author.id, mistake)
            return Reply.oops(str(mistake))
        except Exception:
            log.exception("command failed: %r from %s", shorten(body, 200), incoming.author.id)
            return Reply.oops("Sorry, something went wrong with that command. It has been logged.")

    async def _dispatch(self, incoming: Incoming, body: str) -> Reply:
        """Run the command named in ``body``."""
        tokens = tokenize(body)
        leading = [t.text for t in tokens[:2] if not t.quoted and t.key is None]
        found = self.registry.find(leading)
        if found is None:
            return self._unknown(tokens[0].text if tokens else body)
        command, used = found
        if not incoming.author.may(command.role):
            needs = command.role.label
            log.info("refused !%s: %s, needs %s", command.name, who_where(incoming), needs)
            return Reply.oops(command.refusal())
        if command.role is not Role.MEMBER:
            log.info("allowed !%s: %s", command.name, who_where(incoming))
        try:
            args = parse_args(tokens[used:], command.options, command.flags)
            return await command.handler(Context(incoming, args, self.prefix))
        except UsageError as mistake:
            raise UserError(f"{mistake}\n{self.usage_line(command)}") from None

    def usage_line(self, command: Command) -> str:
        """``Usage: ...`` with the command's example."""
        line = f"Usage: {self.prefix}{command.usage}"
        return f"{line}  e.g. {self.prefix}{command.example}" if command.example else line

    def _unknown(self, name: str) -> Reply:
        """The answer to a command name nobody registered."""
        log.debug("unknown command %r", shorten(name, 200))
        shown = shorten(name, 30)
        guess = process.extractOne(
            name.lower()[:40], self.registry.names(), scorer=fuzz.ratio, score_cutoff=70
        )
        hint = f" Did you mean {self.prefix}{guess[0]}?" if guess else ""
        return Reply.oops(f"Unknown command '{self.prefix}{shown}'.{hint} Try {self.prefix}help")

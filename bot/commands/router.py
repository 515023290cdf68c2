"""Turn an incoming message into a reply: find the command, check the role, run it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.commands.binding import accept, bind
from bot.commands.language_choice import LanguageChoice
from bot.commands.limits import RateLimiter, Verdict
from bot.commands.parsing import clean, parse_args, tokenize
from bot.commands.private_texts import notes, only_in_direct
from bot.commands.registry import Command, Context, Registry
from bot.commands.wording import wording
from bot.core.authority import who_where
from bot.core.errors import UsageError, UserError
from bot.core.model import Incoming, Invocation, Person, Place, Reply, Role
from bot.core.quotes import ENGLISH_WORDING
from bot.core.said import Said
from bot.i18n.language import Language

log = logging.getLogger(__name__)

MAX_INPUT = 4000


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Router:
    """Routes commands to the registered handlers: typed text, or an adapter's invocation.

    Every answer is in the language ``choice`` picks for the message (the person's, the
    room's, or the group's), and carries that language's wording for the renderers.
    """

    def __init__(
        self,
        registry: Registry,
        prefix: str = "!",
        limiter: RateLimiter | None = None,
        choice: LanguageChoice | None = None,
    ) -> None:
        self.registry = registry
        self.prefix = prefix
        self.limiter = limiter
        self.choice = choice or LanguageChoice()

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
        verdict, about = Verdict.ALLOW, ""
        if self.limiter is not None:
            verdict, about = self.limiter.check(
                incoming.place.platform, incoming.author.id, incoming.place.id
            )
            if verdict is Verdict.IGNORE:
                return None
        lang = await self.choice.of(incoming)
        reply = await self._answer(incoming, lang, verdict, about, privately or incoming.direct)
        # A handler may answer in another language (!language answers in the new one).
        return (
            reply if reply.wording is not ENGLISH_WORDING else replace(reply, wording=wording(lang))
        )

    async def explain(self, place: Place, said: Said) -> Reply:
        """An adapter's own words for ``place`` (it could not read a message), in its language."""
        lang = await self.choice.of_place(place)
        return replace(Reply.oops(lang.say(said)), wording=wording(lang))

    async def _answer(
        self, incoming: Incoming, lang: Language, verdict: Verdict, about: str, private_ok: bool
    ) -> Reply:
        """The reply to a message meant for the bot, in ``lang``.

        ``private_ok``: a private answer can reach the asker alone from where they asked.
        """
        called = incoming.invocation
        text = incoming.text.strip()
        if verdict is Verdict.WARN and self.limiter is not None:
            log.info("rate limit: %s %s in %s", about, incoming.author.id, incoming.place.id)
            return Reply.oops(self.limiter.warning(about, lang))
        prefix = self.prefix
        if called is None and not text.startswith(prefix):
            return Reply.oops(lang._("Commands start with {prefix}: try {help}", prefix=prefix,
                                     help=f"{prefix}help"))  # fmt: skip
        size = len(text) if called is None else sum(len(str(v)) for v in called.values.values())
        if size > MAX_INPUT:
            log.debug("too long (%d chars) from %s", size, incoming.author.id)
            return Reply.oops(
                lang._("That message is too long ({size} characters); keep commands under "
                       "{limit}.", size=lang.number(size), limit=lang.number(MAX_INPUT))
            )  # fmt: skip
        body = clean(text[len(prefix) :])
        if called is None and not body:
            return Reply.oops(lang._("Type {help} to see what I can do.", help=f"{prefix}help"))
        try:
            if called is None:
                return await self._typed(incoming, body, lang, private_ok)
            return await self._called(called, lang, private_ok)
        except UserError as mistake:
            log.debug("user error from %s: %s", incoming.author.id, mistake)
            return Reply.oops(str(mistake))
        except Exception:
            what = body if called is None else f"{called.command} {dict(called.values)}"
            log.exception("command failed: %r from %s", shorten(what, 200), incoming.author.id)
            return Reply.oops(
                lang._("Sorry, something went wrong with that command. It has been logged.")
            )

    async def _typed(
        self, incoming: Incoming, body: str, lang: Language, private_ok: bool
    ) -> Reply:
        """Parse the command typed in ``body`` into an invocation and run it."""
        tokens = tokenize(body, lang)
        leading = [t.text for t in tokens[:2] if not t.quoted and t.key is None]
        found = self.registry.find(leading)
        if found is None:
            return self._unknown(tokens[0].text if tokens else body, lang)
        command, used = found
        if refused := self._refusal(command, incoming.author, incoming.place, lang):
            return refused

        def typed() -> Invocation:
            args = parse_args(tokens[used:], command.option_names, command.flag_names, lang)
            hint = command.mistake(self.prefix, lang)
            nothing_after = command.nothing_after(self.prefix, lang)
            values = bind(command.params, args, hint, nothing_after, lang)
            return Invocation(
                command.name, values, incoming.author, incoming.place, incoming.direct
            )

        return await self._run(command, typed, lang, private_ok)

    async def _called(self, called: Invocation, lang: Language, private_ok: bool) -> Reply:
        """Run a command an adapter named with its values, read as the command declares."""
        command = self.registry.get(called.command)
        if command is None:
            return self._unknown(called.command, lang)
        if refused := self._refusal(command, called.author, called.place, lang):
            return refused

        def read() -> Invocation:
            hint = command.mistake(self.prefix, lang)
            return replace(called, values=accept(command.params, called.values, hint, lang))

        return await self._run(command, read, lang, private_ok)

    async def _run(
        self,
        command: Command,
        read: Callable[[], Invocation],
        lang: Language,
        private_ok: bool,
    ) -> Reply:
        """Read the invocation and run it; a usage mistake gets the command's usage line.

        A command whose answer is private does not run where it cannot be given privately.
        """
        try:
            invocation = read()
            if command.private and not private_ok:
                where = f"{invocation.place.platform} {invocation.place.id}"
                log.info("refused !%s in %s: nothing private reaches there", command.name, where)
                return Reply.oops(only_in_direct(f"{self.prefix}{command.name}", lang))
            return await self.invoke(command, invocation, lang)
        except UsageError as mistake:
            raise UserError(f"{mistake}\n{self.usage_line(command, lang)}") from None

    async def invoke(self, command: Command, invocation: Invocation, lang: Language) -> Reply:
        """Run ``command`` on an invocation whose values are typed (every path ends here)."""
        reply = await command.handler(Context(invocation, self.prefix, lang))
        return replace(reply, private=notes(lang)) if command.private else reply

    def _refusal(
        self, command: Command, author: Person, place: Place, lang: Language
    ) -> Reply | None:
        """The answer when ``author`` may not use ``command`` (logged either way)."""
        if not author.may(command.role):
            who = who_where(author, place)
            log.info("refused !%s: %s, needs %s", command.name, who, command.role.label)
            return Reply.oops(command.refusal(lang))
        if command.role is not Role.MEMBER:
            log.info("allowed !%s: %s", command.name, who_where(author, place))
        return None

    def usage_line(self, command: Command, lang: Language) -> str:
        """``Usage: ...`` with the command's example."""
        usage = f"{self.prefix}{command.usage}"
        if not command.example:
            return lang._("Usage: {usage}", usage=usage)
        example = self.prefix + lang._(command.example)
        return lang._("Usage: {usage}  e.g. {example}", usage=usage, example=example)

    def _unknown(self, name: str, lang: Language) -> Reply:
        """The answer to a command name nobody registered."""
        log.debug("unknown command %r", shorten(name, 200))
        shown = f"{self.prefix}{shorten(name, 30)}"
        # Imported on the first unknown command: rapidfuzz is ~3 MiB nothing else needs.
        from rapidfuzz import fuzz, process

        guess = process.extractOne(
            name.lower()[:40], self.registry.names(), scorer=fuzz.ratio, score_cutoff=70
        )
        help_ = f"{self.prefix}help"
        if guess:
            return Reply.oops(
                lang._("Unknown command '{command}'. Did you mean {guess}? Try {help}",
                       command=shown, guess=f"{self.prefix}{guess[0]}", help=help_)
            )  # fmt: skip
        return Reply.oops(lang._("Unknown command '{command}'. Try {help}", command=shown,
                                 help=help_))  # fmt: skip

"""Errors that carry a message meant for people."""

from bot.core.words import plural


class DomainError(Exception):
    """A rule of a domain (facts, events) refused something; the command layer words it.

    Subclasses carry what the words need as fields; ``str()`` is for logs only.
    """


class UserError(Exception):
    """A mistake in what someone typed; the message is shown to them as the answer."""


class ConfigError(Exception):
    """A configuration file with problems; lists every problem with its key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: {plural(len(problems), 'problem')}\n{listed}")


class StorageError(Exception):
    """The database cannot be used as it is (path, permissions or schema version)."""


class UsageError(UserError):
    """A command typed the wrong way; the answer adds the command's usage and example."""

"""The words for what the facts domain refuses, naming commands with the configured prefix."""

from __future__ import annotations

from dataclasses import replace

from bot.commands.registry import Command, Context, Handler
from bot.commands.router import shorten
from bot.core.errors import UserError
from bot.core.model import Reply
from bot.facts.errors import (
    AliasIsName,
    AliasListedTwice,
    AliasTooLong,
    AlreadyDeleted,
    AlreadyFinds,
    BadAlias,
    BadSourceId,
    BadSourceLink,
    BadTopicName,
    FactsError,
    FactTopicGone,
    LabelTaken,
    NoSuchFact,
    NoSuchSource,
    NoSuchTopic,
    NotDeleted,
    NoteTooLong,
    NothingChanged,
    NothingToUndo,
    QuoteEmpty,
    QuoteNotInSource,
    QuoteTooLong,
    RepeatedQuote,
    RepeatedSource,
    SourceFieldTooLong,
    SourceIdTaken,
    SourceTextTooLong,
    SourceWithoutTitle,
    TextFileGrew,
    TextFileHardLinked,
    TextFileMissing,
    TextFileNotRegular,
    TextFileNotUtf8,
    TextFileOutside,
    TextFileTooLarge,
    TextFileUnopenable,
    TopicHasFacts,
    TopicTitleTooLong,
)
from bot.facts.verification import Verdict

FORCE_HINT = "Fix the quote, or add --unverified to keep it marked unverified."
VERDICT_NOTES = {
    Verdict.NO_TEXT: "its source has no stored text, so it is marked unverified",
    Verdict.FORCED: "it is not word for word in its source: marked unverified",
}


def refusal(error: FactsError, prefix: str) -> str:
    """What to tell someone whose command the facts domain refused."""
    match error:
        case NoSuchFact(fact_id=fact_id):
            return f"There is no fact #{fact_id}."
        case QuoteEmpty():
            return "The quote is empty."
        case QuoteTooLong(length=length, limit=limit):
            return (
                f"That quote is {length:,} characters; keep quotes under {limit:,} "
                "(split a long passage into several facts)."
            )
        case NoteTooLong(length=length, limit=limit):
            return f"That note is {length:,} characters; keep notes under {limit}."
        case QuoteNotInSource(source_id=source_id, closest=closest):
            passage = f" Closest passage: “{closest}”" if closest else ""
            return (
                f"That quote is not word for word in the source {source_id}.{passage}\n{FORCE_HINT}"
            )
        case RepeatedQuote(fact_ids=fact_ids):
            listed = ", ".join(f"#{fact_id}" for fact_id in fact_ids)
            return (
                f"That quote repeats {listed}. See it with {prefix}fact {fact_ids[0]};"
                " to add it anyway, add --duplicate."
            )
        case FactTopicGone():
            return "A topic of that fact no longer exists; give it a topic with topic:<name>."
        case AlreadyDeleted(fact_id=fact_id):
            return f"#{fact_id} is already deleted. Bring it back with {prefix}fact restore."
        case NotDeleted(fact_id=fact_id):
            return f"#{fact_id} is not deleted."
        case NothingChanged(entity="fact", name=name):
            return f"That changes nothing on #{name}."
        case NothingChanged(name=name):
            return f"That changes nothing on the topic {name}."
        case NothingToUndo(entity="fact", name=name):
            return f"#{name} has no change left to undo."
        case NothingToUndo(name=name):
            return f"The topic '{shorten(name, 40)}' has no change left to undo."
    return _topic_refusal(error, prefix) or _source_refusal(error, prefix) or _file_refusal(error)


def _topic_refusal(error: FactsError, prefix: str) -> str:
    """The words for a refused topic ('' when ``error`` is not about one)."""
    match error:
        case NoSuchTopic(label=label):
            return f"There is no topic '{shorten(label, 40)}'. See the topics with {prefix}facts."
        case BadTopicName(name=name, limit=limit):
            return (
                f"'{shorten(name, 40)}' cannot be a topic name: use up to {limit} lower-case"
                " letters, digits and dashes, like home-office."
            )
        case BadAlias():
            return "An alias needs at least one letter or digit."
        case AliasTooLong(length=length, limit=limit):
            return f"That alias is {length} characters; keep aliases under {limit}."
        case TopicTitleTooLong(limit=limit):
            return f"Keep topic titles under {limit} characters."
        case AliasListedTwice(topic=topic):
            return f"An alias of {topic} is listed twice."
        case LabelTaken(label=label, topic=topic):
            return f"'{label}' already finds the topic {topic}; choose another."
        case AlreadyFinds(alias=alias, topic=topic):
            return f"'{alias}' already finds {topic}."
        case AliasIsName(alias=alias):
            return (
                f"'{shorten(alias, 40)}' is the topic's name, not an alias:"
                f" use {prefix}topic rename."
            )
        case TopicHasFacts(topic=topic, count=count):
            return f"The topic {topic} still has facts ({count}); move them first."
    return ""


def _source_refusal(error: FactsError, prefix: str) -> str:
    """The words for a refused source ('' when ``error`` is not about one)."""
    match error:
        case NoSuchSource(source_id=source_id):
            return (
                f"There is no source '{shorten(source_id, 40)}'. See the ids with {prefix}sources."
            )
        case BadSourceId(source_id=source_id):
            return (
                f"'{shorten(source_id, 40)}' cannot be a source id:"
                " use lower-case letters, digits and dashes."
            )
        case SourceWithoutTitle():
            return "A source needs a title."
        case SourceFieldTooLong(field=field, limit=limit):
            return f"The source's {field} is too long; keep it under {limit}."
        case BadSourceLink():
            return "A source link must start with http:// or https:// and have no spaces."
        case SourceTextTooLong(limit=limit):
            return f"The source text is over {limit:,} characters."
        case SourceIdTaken(source_id=source_id):
            return f"There is already a source '{source_id}'."
        case RepeatedSource(source_id=source_id):
            return (
                f"That source is already stored as {source_id}. See it with"
                f" {prefix}source {source_id}; to add it anyway, add --duplicate."
            )
    return ""


def _file_refusal(error: FactsError) -> str:
    """What is wrong with a source text file, to follow its name."""
    match error:
        case TextFileMissing():
            return "not found"
        case TextFileUnopenable(reason=reason):
            return f"cannot be opened: {reason}"
        case TextFileOutside():
            return "is a link to a file outside the import folder; copy the file in instead"
        case TextFileHardLinked(links=links):
            return (
                f"has {links} names (hard links), so it may be another file's;"
                " copy the file in instead"
            )
        case TextFileNotRegular():
            return "is not a regular file (a folder, FIFO or device cannot be a text)"
        case TextFileTooLarge(size=size, limit=limit):
            return f"is {size:,} bytes; a source text may be at most {limit:,}"
        case TextFileGrew(limit=limit):
            return f"grew past {limit:,} bytes while it was read"
        case TextFileNotUtf8(reason=reason, at=at):
            return f"is not UTF-8 text ({reason} at byte {at})"
    raise TypeError(f"no words for {error!r}")


def repeated_source_for_the_shell(error: RepeatedSource) -> str:
    """A repeated source, told to someone adding it with ``campaign-bot sources add``."""
    return f"That source is already stored as {error.source_id}. To add it anyway, add --duplicate."


def worded(commands: list[Command]) -> list[Command]:
    """``commands`` answering the facts domain's refusals in words instead of failing."""
    return [replace(command, handler=_worded(command.handler)) for command in commands]


def _worded(handler: Handler) -> Handler:
    """``handler`` with every refusal of the facts domain turned into its answer."""

    async def answer(ctx: Context) -> Reply:
        try:
            return await handler(ctx)
        except FactsError as refused:
            raise UserError(refusal(refused, ctx.prefix)) from None

    return answer

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
    BadLanguageCode,
    BadSourceId,
    BadSourceLink,
    BadTopicName,
    FactsError,
    FactTopicGone,
    LabelTaken,
    NoSuchFact,
    NoSuchSource,
    NoSuchTopic,
    NoSuchTranslation,
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
    TranslationEmpty,
    TranslationTooLong,
)
from bot.facts.verification import Verdict
from bot.i18n.language import ENGLISH, N_, Language

VERDICT_NOTES = {
    Verdict.NO_TEXT: N_("its source has no stored text, so it is marked unverified"),
    Verdict.FORCED: N_("it is not word for word in its source: marked unverified"),
}


def refusal(error: FactsError, prefix: str, lang: Language = ENGLISH) -> str:
    """What to tell someone whose command the facts domain refused."""
    _ = lang._
    match error:
        case NoSuchFact(fact_id=fact_id):
            return _("There is no fact #{id}.", id=fact_id)
        case QuoteEmpty():
            return _("The quote is empty.")
        case QuoteTooLong(length=length, limit=limit):
            return _("That quote is {length} characters; keep quotes under {limit} (split a long "
                     "passage into several facts).", length=lang.number(length),
                     limit=lang.number(limit))  # fmt: skip
        case NoteTooLong(length=length, limit=limit):
            return _("That note is {length} characters; keep notes under {limit}.",
                     length=lang.number(length), limit=limit)  # fmt: skip
        case QuoteNotInSource(source_id=source_id, closest=closest):
            hint = _("Fix the quote, or add --unverified to keep it marked unverified.")
            if closest:
                said = _("That quote is not word for word in the source {source}. Closest "
                         "passage: “{closest}”", source=source_id, closest=closest)  # fmt: skip
            else:
                said = _("That quote is not word for word in the source {source}.",
                         source=source_id)  # fmt: skip
            return f"{said}\n{hint}"
        case RepeatedQuote(fact_ids=fact_ids):
            listed = ", ".join(f"#{fact_id}" for fact_id in fact_ids)
            return _("That quote repeats {facts}. See it with {command}; to add it anyway, add "
                     "--duplicate.", facts=listed,
                     command=f"{prefix}fact {fact_ids[0]}")  # fmt: skip
        case FactTopicGone():
            return _("A topic of that fact no longer exists; give it a topic with topic:<name>.")
        case AlreadyDeleted(fact_id=fact_id):
            return _("#{id} is already deleted. Bring it back with {command}.", id=fact_id,
                     command=f"{prefix}fact restore")  # fmt: skip
        case NotDeleted(fact_id=fact_id):
            return _("#{id} is not deleted.", id=fact_id)
        case NothingChanged(entity="fact", name=name):
            return _("That changes nothing on #{id}.", id=name)
        case NothingChanged(name=name):
            return _("That changes nothing on the topic {topic}.", topic=name)
        case NothingToUndo(entity="fact", name=name):
            return _("#{id} has no change left to undo.", id=name)
        case NothingToUndo(name=name):
            return _("The topic '{topic}' has no change left to undo.", topic=shorten(name, 40))
    return (
        _translation_refusal(error, lang)
        or _topic_refusal(error, prefix, lang)
        or _source_refusal(error, prefix, lang)
        or _file_refusal(error, lang)
    )


def _translation_refusal(error: FactsError, lang: Language) -> str:
    """The words for a refused translation ('' when ``error`` is not about one)."""
    match error:
        case BadLanguageCode(code=code):
            return lang._("'{code}' is not a language code: use one like fr, es or ar.",
                          code=shorten(code, 20))  # fmt: skip
        case TranslationEmpty():
            return lang._("The translation is empty.")
        case TranslationTooLong(length=length, limit=limit):
            return lang._("That translation is {length} characters; keep it under {limit}.",
                          length=lang.number(length), limit=lang.number(limit))  # fmt: skip
        case NoSuchTranslation(fact_id=fact_id, language=language):
            return lang._("#{id} has no translation into {language}.", id=fact_id,
                          language=language)  # fmt: skip
    return ""


def _topic_refusal(error: FactsError, prefix: str, lang: Language) -> str:
    """The words for a refused topic ('' when ``error`` is not about one)."""
    _ = lang._
    match error:
        case NoSuchTopic(label=label):
            return _("There is no topic '{topic}'. See the topics with {command}.",
                     topic=shorten(label, 40), command=f"{prefix}facts")  # fmt: skip
        case BadTopicName(name=name, limit=limit):
            return _("'{name}' cannot be a topic name: use up to {limit} lower-case letters, "
                     "digits and dashes, like home-office.", name=shorten(name, 40),
                     limit=limit)  # fmt: skip
        case BadAlias():
            return _("An alias needs at least one letter or digit.")
        case AliasTooLong(length=length, limit=limit):
            return _("That alias is {length} characters; keep aliases under {limit}.",
                     length=length, limit=limit)  # fmt: skip
        case TopicTitleTooLong(limit=limit):
            return _("Keep topic titles under {limit} characters.", limit=limit)
        case AliasListedTwice(topic=topic):
            return _("An alias of {topic} is listed twice.", topic=topic)
        case LabelTaken(label=label, topic=topic):
            return _("'{label}' already finds the topic {topic}; choose another.", label=label,
                     topic=topic)  # fmt: skip
        case AlreadyFinds(alias=alias, topic=topic):
            return _("'{alias}' already finds {topic}.", alias=alias, topic=topic)
        case AliasIsName(alias=alias):
            return _("'{alias}' is the topic's name, not an alias: use {command}.",
                     alias=shorten(alias, 40), command=f"{prefix}topic rename")  # fmt: skip
        case TopicHasFacts(topic=topic, count=count):
            return _("The topic {topic} still has facts ({count}); move them first.",
                     topic=topic, count=lang.number(count))  # fmt: skip
    return ""


SOURCE_FIELDS = {
    "title": N_("The source's title is too long; keep it under {limit}."),
    "author": N_("The source's author is too long; keep it under {limit}."),
    "publication": N_("The source's publication is too long; keep it under {limit}."),
    "standfirst": N_("The source's standfirst is too long; keep it under {limit}."),
    "url": N_("The source's url is too long; keep it under {limit}."),
}


def _source_refusal(error: FactsError, prefix: str, lang: Language) -> str:
    """The words for a refused source ('' when ``error`` is not about one)."""
    _ = lang._
    match error:
        case NoSuchSource(source_id=source_id):
            return _("There is no source '{source}'. See the ids with {command}.",
                     source=shorten(source_id, 40), command=f"{prefix}sources")  # fmt: skip
        case BadSourceId(source_id=source_id):
            return _("'{source}' cannot be a source id: use lower-case letters, digits and "
                     "dashes.", source=shorten(source_id, 40))  # fmt: skip
        case SourceWithoutTitle():
            return _("A source needs a title.")
        case SourceFieldTooLong(field=field, limit=limit):
            if field in SOURCE_FIELDS:
                return _(SOURCE_FIELDS[field], limit=limit)
            return _("The source's {field} is too long; keep it under {limit}.", field=field,
                     limit=limit)  # fmt: skip
        case BadSourceLink():
            return _("A source link must start with http:// or https:// and have no spaces.")
        case SourceTextTooLong(limit=limit):
            return _("The source text is over {limit} characters.", limit=lang.number(limit))
        case SourceIdTaken(source_id=source_id):
            return _("There is already a source '{source}'.", source=source_id)
        case RepeatedSource(source_id=source_id):
            return _("That source is already stored as {source}. See it with {command}; to add "
                     "it anyway, add --duplicate.", source=source_id,
                     command=f"{prefix}source {source_id}")  # fmt: skip
    return ""


def _file_refusal(error: FactsError, lang: Language) -> str:
    """What is wrong with a source text file, to follow its name."""
    _ = lang._
    match error:
        case TextFileMissing():
            return _("not found")
        case TextFileUnopenable(reason=reason):
            return _("cannot be opened: {reason}", reason=reason)
        case TextFileOutside():
            return _("is a link to a file outside the import folder; copy the file in instead")
        case TextFileHardLinked(links=links):
            # TRANSLATORS: a file with {count} names (always 2 or more): hard links to it.
            return lang.n_("has {count} name (hard links), so it may be another file's; copy "
                           "the file in instead",
                           "has {count} names (hard links), so it may be another file's; copy "
                           "the file in instead", links)  # fmt: skip
        case TextFileNotRegular():
            return _("is not a regular file (a folder, FIFO or device cannot be a text)")
        case TextFileTooLarge(size=size, limit=limit):
            return _("is {size} bytes; a source text may be at most {limit}",
                     size=lang.number(size), limit=lang.number(limit))  # fmt: skip
        case TextFileGrew(limit=limit):
            return _("grew past {limit} bytes while it was read", limit=lang.number(limit))
        case TextFileNotUtf8(reason=reason, at=at):
            return _("is not UTF-8 text ({reason} at byte {at})", reason=reason, at=at)
    raise TypeError(f"no words for {error!r}")


def repeated_source_for_the_shell(error: RepeatedSource, lang: Language = ENGLISH) -> str:
    """A repeated source, told to someone adding it with ``campaign-bot sources add``."""
    return lang._("That source is already stored as {source}. To add it anyway, add --duplicate.",
                  source=error.source_id)  # fmt: skip


def worded(commands: list[Command]) -> list[Command]:
    """``commands`` answering the facts domain's refusals in words instead of failing."""
    return [replace(command, handler=_worded(command.handler)) for command in commands]


def _worded(handler: Handler) -> Handler:
    """``handler`` with every refusal of the facts domain turned into its answer."""

    async def answer(ctx: Context) -> Reply:
        try:
            return await handler(ctx)
        except FactsError as refused:
            raise UserError(refusal(refused, ctx.prefix, ctx.lang)) from None

    return answer

"""The words renderers put around quotes and the labels of translations, in one language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from bot.core.quotes import Quote, Translation, Wording
from bot.facts.records import Fact
from bot.i18n.language import Language


# Made once per language (the bot keeps one Language per code), not for every reply.
@cache
def wording(lang: Language) -> Wording:
    """What renderers add to a reply in ``lang``: labels, marks, dates and direction."""

    def as_of(day: date, full: bool) -> str:
        if full:
            return lang._("as of {date}", date=lang.dates.long_date(day))
        return lang._("as of {year}", year=lang.dates.year(day))

    return Wording(
        language=lang.code,
        right_to_left=lang.right_to_left,
        note=lang._("Note:"),
        topics=lang._("Topics:"),
        topics_title=lang._("Topics"),
        unverified=lang._("unverified"),
        unverified_line=lang._("Unverified: not confirmed word for word in a stored source text."),
        unverified_title=lang._("Unverified"),
        unverified_field=lang._("Not confirmed word for word in a stored source text."),
        original=lang._("Original:"),
        nothing=lang._("(nothing to show)"),
        as_of=as_of,
        # Looked up when a date is written: Babel's data loads only for a reply that has one.
        long_date=lambda day: lang.dates.long_date(day),
    )


def translation_label(lang: Language, translator: str) -> str:
    """'Translation into French by alice, not the source's words:' in the room's language."""
    # TRANSLATORS: name this catalog's own language: the translation shown is into it.
    return lang._("Translation into English by {translator}, not the source's words:",
                  translator=translator)  # fmt: skip


def quoted(fact: Fact, lang: Language, *, cited: bool = True, full: bool = False) -> Quote:
    """``fact`` as a reply block, with its translation into ``lang`` (labelled) if it has one."""
    quote = fact.as_quote(cited=cited, full=full)
    translation = fact.translation(lang.code)
    if translation is None:
        return quote
    label = translation_label(lang, translation.by or lang._("an admin"))
    return replace(quote, translation=Translation(translation.text, label))

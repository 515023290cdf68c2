"""One language of the bot: its catalog's words, its numbers and dates, and its direction."""

from __future__ import annotations

import gettext
import logging
from collections.abc import Callable, Mapping

from bot.core.bidi import latin_isolated
from bot.core.dates import ENGLISH_DATES, Dates
from bot.core.said import Said

log = logging.getLogger(__name__)


class Language:
    """Says the bot's English message ids in one language.

    Message ids are English sentences with ``{name}`` places. ``_`` and ``n_`` (counted)
    look them up in the catalog and fill in the values; in a right-to-left language each
    value with Latin letters in it (a command, a name, a citation) is isolated, so it keeps
    its own direction. ``_``, ``n_``, ``p_``, ``N_`` and ``Said`` mark words for the catalogs.
    """

    def __init__(
        self,
        code: str,
        translations: gettext.NullTranslations,
        dates: Dates | Callable[[], Dates] = ENGLISH_DATES,
        *,
        right_to_left: bool = False,
        numbers: str = "",
    ) -> None:
        self.code = code
        self.translations = translations
        # A function here makes the dates when first wanted (Babel's locale data is slow to load).
        self._dates = dates
        self.right_to_left = right_to_left
        # The Babel locale numbers are written in ('' for English's 1,500).
        self._numbers = numbers

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    @property
    def dates(self) -> Dates:
        """How this language writes dates and times."""
        if callable(self._dates):
            self._dates = self._dates()
        return self._dates

    def _(self, message: str, /, **values: object) -> str:
        """``message`` in this language, its ``{name}`` places filled with ``values``."""
        return self._filled(self.translations.gettext(message), message, values)

    def n_(self, one: str, many: str, count: int, /, **values: object) -> str:
        """The form of ``one``/``many`` that agrees with ``count`` (``{count}`` is filled in)."""
        values.setdefault("count", self.number(count))
        english = one if count == 1 else many
        return self._filled(self.translations.ngettext(one, many, count), english, values)

    def p_(self, context: str, message: str, /) -> str:
        """``message`` as said in ``context`` (a word that is a command's name, say)."""
        return self.translations.pgettext(context, message)

    def say(self, text: str | Said) -> str:
        """A Said in this language (plain text, a name or an id, as it is)."""
        if not isinstance(text, Said):
            return text
        values = {name: self.say(value) if isinstance(value, Said) else value
                  for name, value in text.values.items()}  # fmt: skip
        return self._filled(self.translations.gettext(text.text), text.text, values)

    def number(self, count: int) -> str:
        """A whole number as this language groups digits: '1,500', '1 500', '1.500'."""
        if not self._numbers:
            return f"{count:,}"
        from babel.numbers import format_decimal

        return str(format_decimal(count, locale=self._numbers))

    def _filled(self, template: str, english: str, values: Mapping[str, object]) -> str:
        """``template`` with ``values``; a translation that names a place wrongly says English."""
        shown = {name: self._placed(value) for name, value in values.items()}
        try:
            return template.format(**shown)
        except (KeyError, IndexError, ValueError):
            log.error("the %s catalog's %r does not fit its places: said in English", self.code,
                      english)  # fmt: skip
            return english.format(**shown)

    def _placed(self, value: object) -> str:
        """A value as it goes into a sentence of this language."""
        text = str(value)
        return latin_isolated(text) if self.right_to_left else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs; it is said in a language where it is used."""
    return message


def P_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for the catalogs (said with ``Language.p_``)."""
    return message


ENGLISH = Language("en", gettext.NullTranslations())

"""The languages the bot ships, each loaded from its catalog when first wanted.

A catalog is ``bot/i18n/locale/<code>/LC_MESSAGES/campaign-bot.po``; the build compiles
each to the ``.mo`` beside it (setup.py), and a checkout without one reads the ``.po``.
"""

from __future__ import annotations

import gettext
import io
from functools import partial
from pathlib import Path

from bot.core.dates import Dates
from bot.core.language_codes import language_code
from bot.i18n.language import ENGLISH, Language

DOMAIN = "campaign-bot"
LOCALE_FOLDER = Path(__file__).resolve().parent / "locale"
# English is the source: its words are the message ids themselves.
SHIPPED = ("en", "fr", "es", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})
# Each language's name in itself, as a list of languages shows it.
NATIVE_NAMES = {"en": "English", "fr": "français", "es": "español", "ar": "العربية"}


def catalog_path(code: str, suffix: str = ".po", folder: Path = LOCALE_FOLDER) -> Path:
    """Where the catalog of ``code`` is (``.po``, or ``.mo`` compiled)."""
    return folder / code / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def load_translations(code: str, folder: Path = LOCALE_FOLDER) -> gettext.GNUTranslations:
    """The compiled catalog of ``code``; from its ``.po`` when no up-to-date ``.mo`` is built."""
    po, mo = catalog_path(code, ".po", folder), catalog_path(code, ".mo", folder)
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as built:
            return gettext.GNUTranslations(built)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def load_language(code: str, folder: Path = LOCALE_FOLDER) -> Language:
    """The shipped language ``code``, with its catalog, numbers and dates (made when first used)."""
    if code == ENGLISH.code:
        return ENGLISH
    right_to_left = code in RIGHT_TO_LEFT
    translations = load_translations(code, folder)
    dates = partial(babel_dates, code, right_to_left=right_to_left)
    return Language(code, translations, dates, right_to_left=right_to_left, numbers=code)


def babel_dates(code: str, *, right_to_left: bool) -> Dates:
    """The dates of ``code`` from Babel's locale data."""
    from bot.i18n.dates import BabelDates

    return BabelDates(code, right_to_left=right_to_left)


class Languages:
    """The languages the bot speaks and the group's default, each loaded once, when wanted."""

    def __init__(self, default: str = "en", folder: Path = LOCALE_FOLDER) -> None:
        if default not in SHIPPED:
            raise ValueError(f"no catalog for the language {default!r}")
        self.folder = folder
        self.default_code = default
        self._loaded: dict[str, Language] = {ENGLISH.code: ENGLISH}

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of every language the bot speaks."""
        return SHIPPED

    @property
    def default(self) -> Language:
        """The group's language, where no room or person says otherwise."""
        return self.get(self.default_code)

    def get(self, code: str) -> Language:
        """The language ``code`` (one of ``codes``)."""
        if code not in SHIPPED:
            raise KeyError(code)
        if code not in self._loaded:
            self._loaded[code] = load_language(code, self.folder)
        return self._loaded[code]

    def known(self, code: str) -> Language | None:
        """The language ``code`` names, if the bot speaks it."""
        return self.get(code) if code in SHIPPED else None

    def for_locale(self, locale: str) -> Language | None:
        """The language of a platform's locale ('fr', 'es-ES', 'en-GB'), if the bot speaks it."""
        return self.known(language_code(locale)) if locale else None

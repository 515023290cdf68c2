"""Translations of facts: what one may hold, and what is refused, as typed values.

A translation is an admin's rendering of a quote into another language. It is never a
quote: the bot shows it labelled as a translation with the original beneath it, checks
only originals against their sources, and never makes one itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.facts.errors import (
    BadLanguageCode,
    NoSuchTranslation,
    TranslationEmpty,
    TranslationTooLong,
)
from bot.facts.records import Fact, FactTranslation

# A language as BCP 47 writes it, in lower case: 'fr', 'es', 'ar', 'pt-br'.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")
# A quote holds at most 2,000 characters; a translation may take half as much again.
MAX_TRANSLATION = 3000
MAX_TRANSLATOR = 100


def check_translation(translation: FactTranslation) -> FactTranslation:
    """``translation`` with its code in lower case, if a fact may hold it."""
    code = translation.language.strip().lower()
    if not LANGUAGE_CODE.fullmatch(code):
        raise BadLanguageCode(translation.language)
    if not translation.text.strip():
        raise TranslationEmpty()
    if len(translation.text) > MAX_TRANSLATION:
        raise TranslationTooLong(len(translation.text), MAX_TRANSLATION)
    if len(translation.by) > MAX_TRANSLATOR:
        raise TranslationTooLong(len(translation.by), MAX_TRANSLATOR)
    return replace(translation, language=code)


def translated(fact: Fact, translation: FactTranslation) -> Fact:
    """``fact`` with ``translation`` added, or in place of its translation into that language."""
    translation = check_translation(translation)
    others = [t for t in fact.translations if t.language != translation.language]
    return replace(fact, translations=tuple(sorted([*others, translation], key=_language)))


def untranslated(fact: Fact, language: str) -> Fact:
    """``fact`` without its translation into ``language``."""
    code = language.strip().lower()
    if fact.translation(code) is None:
        raise NoSuchTranslation(fact.id, code)
    return replace(fact, translations=tuple(t for t in fact.translations if t.language != code))


def _language(translation: FactTranslation) -> str:
    """What translations are kept in order by."""
    return translation.language

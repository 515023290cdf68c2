"""Language codes as people and platforms type them, read one way everywhere."""

from __future__ import annotations


def language_code(typed: str) -> str:
    """The language a typed code or locale names: 'FR', 'fr-FR', 'fr_FR' and ' fr ' are 'fr'.

    Only the language is kept, not the region: the bot speaks one French, whatever the
    platform's locale or the admin's habit. Whether it is spoken is for the caller to say.
    """
    cleaned = typed.strip().lower()
    # '-fr' names no language: kept whole, so that a refusal can quote what was typed.
    return cleaned.replace("_", "-").split("-")[0] or cleaned

"""Language codes as people and platforms type them, read one way everywhere."""

from __future__ import annotations


def language_code(typed: str) -> str:
    """The language a typed code or locale names: 'FR', 'fr-FR', 'fr_FR' and ' fr ' are 'fr'.

    Only the language is kept, not the region: the bot speaks one French, whatever the
    platform's locale or the admin's habit. Whether it is spoken is for the caller to say.
    """
    return typed.strip().lower().replace("_", "-").split("-")[0]

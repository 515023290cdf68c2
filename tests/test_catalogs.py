"""The catalogs: every message id translated with its places, up to date with the code."""

from __future__ import annotations

import gettext
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from bot.app import App
from bot.commands.event_texts import examples
from bot.commands.menu_names import COMMAND_NAMES, OPTION_NAMES, menu_name
from bot.commands.wording import wording
from bot.core.quotes import ENGLISH_WORDING
from bot.events.when import parse_when
from bot.i18n import maintain
from bot.i18n.catalogs import (
    RIGHT_TO_LEFT,
    SHIPPED,
    Languages,
    catalog_path,
    load_translations,
)
from bot.i18n.language import ENGLISH, Language
from bot.i18n.maintain import catalog_problems, extract, problems, read_catalog, write_catalog

LANGUAGES = [code for code in SHIPPED if code != "en"]
ZONE = ZoneInfo("Europe/London")
FRIDAY_NOON = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def test_every_catalog_is_complete_and_up_to_date_with_the_code() -> None:
    assert problems() == []
    assert sorted(maintain.languages()) == sorted(LANGUAGES)


def copy_of_catalogs(tmp_path: Path) -> Path:
    """The shipped catalogs (not any .mo compiled in this checkout), copied to change them."""
    folder = tmp_path / "locale"
    shutil.copytree(maintain.LOCALE_FOLDER, folder, ignore=shutil.ignore_patterns("*.mo"))
    return folder


def changed(folder: Path, code: str, msgid: str, said: str | None) -> None:
    """``code``'s translation of ``msgid`` set to ``said`` (None: the entry removed)."""
    path = catalog_path(code, ".po", folder)
    catalog = read_catalog(path, code)
    if said is None:
        catalog.delete(msgid)
    else:
        catalog[msgid].string = said
    write_catalog(path, catalog)


@pytest.mark.parametrize(
    ("said", "found"),
    [
        (None, "no entry for 'There is no fact #{id}.'"),
        ("", "'There is no fact #{id}.' is not translated"),
        ("Il n'y a pas de fait #{numéro}.", "fills in ['numéro'], the English ['id']"),
        ("Il n'y a pas de fait.", "fills in [], the English ['id']"),
    ],
)
def test_a_missing_untranslated_or_misplaced_message_is_found(
    tmp_path: Path, said: str | None, found: str
) -> None:
    folder = copy_of_catalogs(tmp_path)
    changed(folder, "fr", "There is no fact #{id}.", said)
    listed = catalog_problems("fr", extract(), folder)
    assert [problem for problem in listed if found in problem], listed


def test_a_fuzzy_message_and_a_stale_one_are_found(tmp_path: Path) -> None:
    folder = copy_of_catalogs(tmp_path)
    path = catalog_path("es", ".po", folder)
    catalog = read_catalog(path, "es")
    catalog["There is no fact #{id}."].flags.add("fuzzy")
    catalog.add("A sentence the code no longer says.", "Una frase que el código ya no dice.")
    write_catalog(path, catalog)
    listed = catalog_problems("es", extract(), folder)
    assert any("marked fuzzy" in problem for problem in listed), listed
    assert any("no longer in the code" in problem for problem in listed), listed


def test_a_plural_needs_every_form_of_its_language(tmp_path: Path) -> None:
    folder = copy_of_catalogs(tmp_path)
    path = catalog_path("ar", ".po", folder)
    catalog = read_catalog(path, "ar")
    message = catalog[("{count} day", "{count} days")]
    assert catalog.num_plurals == 6 and len(message.string) == 6
    message.string = tuple(message.string[:2])
    write_catalog(path, catalog)
    listed = catalog_problems("ar", extract(), folder)
    assert any("'{count} day' is not translated" in problem for problem in listed), listed


def test_words_that_cannot_be_in_a_catalog_are_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "words.py").write_text(
        "def f(lang, n):\n    lang._(f'{n} facts')\n    lang._('ok {n}', n=n)\n    N_(n)\n",
        "utf-8",
    )
    found = list(maintain.unmarkable(package))
    assert found == [
        "pkg/words.py:2: _() needs its words written out",
        "pkg/words.py:4: N_() needs its words written out",
    ]


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalog_says_what_the_po_says(tmp_path: Path, code: str) -> None:
    folder = copy_of_catalogs(tmp_path)
    from_po = load_translations(code, folder)
    assert not catalog_path(code, ".mo", folder).exists()
    assert maintain.compile_catalogs(folder)
    from_mo = load_translations(code, folder)
    with catalog_path(code, ".po", folder).open("rb") as file:
        catalog = read_po(file, locale=code)
    for message in catalog:
        if message.id and not message.pluralizable and not message.context:
            assert from_mo.gettext(message.id) == from_po.gettext(message.id) == message.string


def test_english_is_the_source_the_renderers_default_to() -> None:
    said = wording(ENGLISH)
    for name in ("note", "topics", "unverified", "unverified_line", "original", "nothing"):
        assert getattr(said, name) == getattr(ENGLISH_WORDING, name)


@pytest.mark.parametrize("code", SHIPPED)
def test_the_examples_of_how_to_write_a_time_read_in_their_language(code: str) -> None:
    lang = Languages().get(code)
    written = re.findall(r"[«'‘]\s?([^»'’]+?)\s?[»'’]", examples(lang))
    assert len(written) == 3, examples(lang)
    languages = (code,) if code == "en" else (code, "en")
    for text in written:
        assert parse_when(text, ZONE, FRIDAY_NOON, languages) > FRIDAY_NOON.replace(tzinfo=None)


def test_every_command_and_option_has_a_menu_name_to_translate(app: App) -> None:
    registry = app.router.registry
    commands = {menu_name(command.name) for command in registry.commands()}
    options = {param.name for command in registry.commands() for param in command.params}
    assert commands - set(COMMAND_NAMES) == set()
    assert options - set(OPTION_NAMES) == set()


class Misplaced(gettext.NullTranslations):
    """A catalog whose translation names a place the English does not fill."""

    def gettext(self, message: str) -> str:
        return (
            "Il n'y a pas de fait #{numéro}." if message == "There is no fact #{id}." else message
        )


def test_a_translation_with_a_wrong_place_is_said_in_english_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    lang = Language("fr", Misplaced())
    assert lang._("There is no fact #{id}.", id=9) == "There is no fact #9."
    assert "does not fit its places" in caplog.text


@pytest.mark.parametrize("code", SHIPPED)
def test_the_languages_written_right_to_left_are_those_babel_says(code: str) -> None:
    written = Locale.parse(code).character_order
    assert (code in RIGHT_TO_LEFT) == (written == "right-to-left")
    assert RIGHT_TO_LEFT.issubset(SHIPPED)


def test_right_to_left_languages_isolate_latin_values_only() -> None:
    arabic = Languages().get("ar")
    said = arabic._("Next: {command}", command="!facts varrp 2")
    assert said == "التالي: \u2068!facts varrp 2\u2069"
    assert arabic._("There is no fact #{id}.", id=9) == "لا توجد حقيقة #9."
    french = Languages().get("fr")
    assert french._("Next: {command}", command="!facts varrp 2") == "Suite : !facts varrp 2"

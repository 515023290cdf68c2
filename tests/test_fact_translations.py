"""Translations of facts: added by admins as revisions, shown labelled above the verbatim
quote in rooms of their language, searched, kept in the fact file, never checked as quotes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter, Sent
from bot.app import App
from bot.core.model import Place
from bot.i18n.catalogs import Languages
from bot.render.discord_embed import to_discord
from bot.render.matrix_html import to_matrix_html
from bot.render.mentions import has_live_mention
from bot.render.text import to_markdown
from tests.admin_helpers import ADMIN, MEMBER, cli, db_args, say, snapshot
from tests.sql import rows

FRENCH = "Elle organise le transport « jusqu'au pas de la porte »"
QUOTE_9 = "“It arranges transport ‘to the home doorstep’, as well as offering"


async def in_french(chat: RecordingAdapter, text: str, who: object = MEMBER) -> Sent:
    """``text`` said in a room that speaks French; the one send it caused."""
    sent = await chat.push(text, author=who, place=FRENCH_ROOM)  # type: ignore[arg-type]
    assert len(sent) == 1, sent
    return sent[0]


FRENCH_ROOM = Place("test", "room-fr", "fr")


@pytest.fixture
async def french(chat: RecordingAdapter) -> RecordingAdapter:
    """The chat, with a second room set to French."""
    assert (
        await in_french(chat, "!language fr", ADMIN)
    ).text == "Désormais, je parle français ici."
    return chat


async def test_a_translation_shows_labelled_above_the_original_with_its_citation(
    french: RecordingAdapter,
) -> None:
    added = await say(french, f'!fact translate 9 fr "{FRENCH}"')
    assert added.startswith("Translated #9 into fr: shown as a translation")
    shown = (await in_french(french, "!fact 9")).text.splitlines()
    assert shown[:4] == [
        "#9 Traduction en français par alice, pas les mots de la source :",
        f"    {FRENCH}",
        f"    Original : {QUOTE_9} ‘reintegration assistance’ in the case of asylum seekers.”",
        "    — Andrea D'Cruz, 'A fake friend', Red Pepper, 11 décembre 2008",
    ]
    english = await say(french, "!fact 9", MEMBER)
    assert english.startswith(f"#9 {QUOTE_9}") and FRENCH not in english
    spanish_room = Place("test", "room-es", "es")
    await french.push("!language es", author=ADMIN, place=spanish_room)
    [in_spanish] = await french.push("!fact 9", author=MEMBER, place=spanish_room)
    assert in_spanish.text.startswith(f"#9 {QUOTE_9}") and FRENCH not in in_spanish.text


async def test_every_platform_shows_the_label_the_translation_and_the_quote_whole(
    french: RecordingAdapter,
) -> None:
    await say(french, f'!fact translate 9 fr "{FRENCH}"')
    reply = (await in_french(french, "!fact 9")).reply
    label = "Traduction en français par alice, pas les mots de la source :"
    [message] = to_discord(reply)
    [embed] = message.embeds
    html = to_matrix_html(reply)
    for text in (to_markdown(reply), html, embed["description"]):
        assert label in text.replace("&#x27;", "'").replace("\\", ""), text
        assert "It arranges transport" in text
    assert embed["footer"]["text"].startswith("— Andrea D'Cruz")
    assert html.index("Traduction") < html.index("It arranges transport")


async def test_a_translation_is_a_revision_with_history_and_undo(french: RecordingAdapter) -> None:
    await say(french, f'!fact translate 9 fr "{FRENCH}"')
    await say(french, '!fact translate 9 fr "Elle organise le transport jusqu\'à la porte"')
    history = await say(french, "!fact history 9")
    assert "History of #9 (2 changes):" in history
    assert f"translated: translation fr: (none) → “{FRENCH}”" in history
    assert (
        "translation fr: “…organise le transport « jusqu'au pas de la porte »” → "
        "“…organise le transport jusqu'à la porte”"
    ) in history
    assert (await say(french, "!fact undo 9")).startswith("Undid r")
    assert FRENCH in (await in_french(french, "!fact 9")).text
    await say(french, "!fact undo 9")
    shown = (await in_french(french, "!fact 9")).text
    assert shown.startswith("#9 “It arranges") and "Traduction" not in shown
    await say(french, f'!fact translate 9 fr "{FRENCH}"')
    removed = await say(french, "!fact translate 9 fr --remove")
    assert removed.startswith("Removed the fr translation of #9.")
    assert "Traduction" not in (await in_french(french, "!fact 9")).text
    refused = await say(french, "!fact translate 9 fr --remove")
    assert refused.startswith("#9 has no translation into fr.")


async def test_search_finds_a_fact_by_its_translation(french: RecordingAdapter) -> None:
    assert "Nothing found" in await say(french, "!facts search porte", MEMBER)
    await say(french, f'!fact translate 9 fr "{FRENCH}"')
    found = (await in_french(french, "!facts search porte")).text
    assert found.startswith("Meilleurs résultats pour « porte » :")
    assert "#9 Traduction en français" in found
    assert "#9 “It arranges" in await say(french, "!facts search porte", MEMBER)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ('!fact translate 9 de "Hallo"', "The bot speaks en, fr, es, ar: translate into one"),
        ('!fact translate 9 fr ""', "The translation is empty."),
        ('!fact translate 9 fr "' + "x" * 3001 + '"', "That translation is 3,001 characters"),
        ('!fact translate 99 fr "x"', "There is no fact #99."),
        ("!fact translate 9 fr", "Give the translation in quotes, or --remove."),
        ('!fact translate 9 fr "x" --remove', "Give the translation or --remove, not both."),
        ("!fact translate 9 fr un deux", "Give the fact id, the language, then the translation"),
    ],
)
async def test_a_bad_translation_is_refused_and_changes_nothing(
    app: App, chat: RecordingAdapter, typed: str, said: str
) -> None:
    before = await snapshot(app)
    translations = await rows(app.database, "SELECT * FROM fact_translations")
    assert (await say(chat, typed)).startswith(said)
    assert await snapshot(app) == before
    assert await rows(app.database, "SELECT * FROM fact_translations") == translations


@pytest.mark.parametrize("typed", ["fr-FR", "FR", "fr_CA"])
async def test_a_regional_or_capitalised_code_translates_exactly_like_fr(
    french: RecordingAdapter, typed: str
) -> None:
    added = await say(french, f'!fact translate 9 {typed} "{FRENCH}"')
    assert added.startswith("Translated #9 into fr: shown as a translation"), added
    assert (await in_french(french, "!fact 9")).text.splitlines()[1] == f"    {FRENCH}"
    removed = await say(french, f"!fact translate 9 {typed} --remove")
    assert removed.startswith("Removed the fr translation of #9."), removed


@pytest.mark.parametrize("typed", ["de-DE", "zz", "fra", "-fr"])
async def test_a_code_of_no_spoken_language_is_refused_in_one_line_and_changes_nothing(
    app: App, chat: RecordingAdapter, typed: str
) -> None:
    await say(chat, f'!fact translate 9 fr "{FRENCH}"')
    before = await snapshot(app)
    translations = await rows(app.database, "SELECT * FROM fact_translations")
    for command in (f'!fact translate 9 {typed} "x"', f"!fact translate 9 {typed} --remove"):
        refused = await say(chat, command)
        assert refused == "The bot speaks en, fr, es, ar: translate into one of them.", refused
    assert await snapshot(app) == before
    assert await rows(app.database, "SELECT * FROM fact_translations") == translations


async def test_language_and_fact_translate_read_a_code_the_same_way(
    chat: RecordingAdapter,
) -> None:
    for typed in ("fr-FR", "ES_es", " AR "):
        set_here = await chat.push(f"!language {typed}", author=ADMIN, place=FRENCH_ROOM)
        translated = await say(chat, f'!fact translate 9 {typed.strip()} "x"')
        assert len(set_here) == 1 and translated.startswith("Translated #9 into"), translated
        code = translated.split("into ")[1].split(":")[0]
        shown = (await in_french(chat, "!language")).text
        assert Languages().get(code)._("Here I speak English.") in shown, (typed, shown)


async def test_only_admins_translate(french: RecordingAdapter) -> None:
    assert await say(french, '!fact translate 9 fr "x"', MEMBER) == "Only admins can edit facts."
    refused = await in_french(french, '!fact translate 9 fr "x"')
    assert refused.text == "Seuls les admins peuvent modifier les faits."


async def test_a_translation_cannot_ping_anyone_anywhere(french: RecordingAdapter) -> None:
    await say(french, '!fact translate 9 fr "@everyone <@&123> réunion"')
    reply = (await in_french(french, "!fact 9")).reply
    [message] = to_discord(reply)
    rendered = [to_markdown(reply), to_matrix_html(reply), message.embeds[0]["description"]]
    assert not any(has_live_mention(text) for text in rendered), rendered


CONSOLE = (
    '!fact translate 9 fr "Elle organise le transport « jusqu\'au pas de la porte »"\n'
    '!fact translate 9 es «Organiza el transporte "hasta la puerta" \\ y más»\n'
    '!fact translate 9 ar "ترتّب النقل «حتى عتبة البيت»"\n'
    '!fact translate 3 fr "Créée en 1951, l’OIM compte 125 États membres"\n'
)


def test_translations_round_trip_through_the_fact_file_byte_for_byte(tmp_path: Path) -> None:
    db, copy = tmp_path / "a.db", tmp_path / "b.db"
    done = cli("console", *db_args(db), stdin=CONSOLE)
    assert done.stdout.count("Translated #") == 4, done.stdout
    first, second = tmp_path / "first" / "facts.toml", tmp_path / "second" / "facts.toml"
    assert cli("facts", "export", str(first), *db_args(db)).returncode == 0
    text = first.read_text("utf-8")
    assert text.count("[[facts.translations]]") == 4
    assert 'language = "ar"\ntext = "ترتّب النقل «حتى عتبة البيت»"\nby = "ada"' in text
    imported = cli("facts", "import", str(first), *db_args(copy))
    assert imported.returncode == 0, imported.stderr
    assert cli("facts", "export", str(second), *db_args(copy)).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    again = cli("facts", "import", str(first), *db_args(copy))
    assert again.stdout.endswith(": no changes.\n"), again.stdout


def test_facts_verify_checks_only_the_originals(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert cli("console", *db_args(db), stdin=CONSOLE).returncode == 0
    verified = cli("facts", "verify", *db_args(db))
    assert verified.returncode == 0, verified.stdout
    assert verified.stdout.strip() == "All 22 checked facts are word for word in their sources."


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('language = "french"\ntext = "x"', "'language' must be a language code like fr"),
        ('language = "fr"\ntext = ""', "'text' is missing"),
        ('language = "fr"\ntext = "x"\nwho = "ada"', "unknown key 'who'"),
        ('language = "fr"\ntext = "x"\n\n[[facts.translations]]\nlanguage = "FR"\ntext = "y"',
         "a second translation into 'fr'"),
    ],
)  # fmt: skip
def test_a_bad_translation_in_a_fact_file_is_listed_and_nothing_changes(
    tmp_path: Path, table: str, problem: str
) -> None:
    db = tmp_path / "a.db"
    path = tmp_path / "facts.toml"
    assert cli("facts", "export", str(path), *db_args(db)).returncode == 0
    before = path.read_text("utf-8")
    marker = "[[facts]]\nid = 9\n"
    assert marker in before
    start = before.index(marker)
    end = before.index("\n\n", start)
    path.write_text(before[:end] + f"\n[[facts.translations]]\n{table}" + before[end:], "utf-8")
    result = cli("facts", "import", str(path), *db_args(db))
    assert result.returncode != 0
    assert problem in result.stderr and "facts #9 (9), translation #" in result.stderr, (
        result.stderr
    )
    assert (
        cli("console", *db_args(db), stdin="!language fr\n!fact 9\n").stdout.count("Traduction")
        == 0
    )


def test_the_web_editor_shows_a_translation_change_as_its_own_field() -> None:
    from bot.web.diff import field_changes

    before = {"quote": "q", "translations": {"fr": {"text": "un deux", "by": "alice"}}}
    after = {"quote": "q", "translations": {"fr": {"text": "un trois", "by": "alice"},
                                            "es": {"text": "uno", "by": "bob"}}}  # fmt: skip
    changes = field_changes(before, after)
    assert [change.name for change in changes] == ["translation es", "translation fr"]
    assert changes[1].runs == (("same", "un "), ("del", "deux"), ("ins", "trois"))


async def test_an_admin_with_a_very_long_display_name_still_translates(
    french: RecordingAdapter,
) -> None:
    long_named = replace(ADMIN, name="A" * 300)
    added = await say(french, f'!fact translate 9 fr "{FRENCH}"', long_named)
    assert added.startswith("Translated #9 into fr")
    label = (await in_french(french, "!fact 9")).text.splitlines()[0]
    assert label == f"#9 Traduction en français par {'A' * 100}, pas les mots de la source :"


async def test_correcting_a_translated_quote_says_its_translations_need_a_look(
    french: RecordingAdapter,
) -> None:
    await say(french, f'!fact translate 9 fr "{FRENCH}"')
    noted = await say(french, '!fact edit 9 note:"checked"')
    assert "were made for the old quote" not in noted
    corrected = await say(french, "!fact edit 9 quote:“It arranges transport” --unverified")
    assert corrected.splitlines()[-1] == (
        "Its translations (fr) were made for the old quote: check them, and change them with"
        " !fact translate 9."
    )

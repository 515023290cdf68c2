"""Discord in the group's languages: localised slash commands within Discord's limits, slash
answers in the person's Discord language, typed answers in the channel's."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.config import LimitSettings
from tests.discord_fake.fixtures import Starter, discord_settings
from tests.discord_fake.server import FakeDiscord
from tests.test_discord_commands import shown

# Discord's rule for command and option names (letters of any script, digits, - and _).
NAME = re.compile(r"^[-_\w]{1,32}$")
DISCORD_LOCALES = {"fr", "es-ES", "es-419"}


def localised_within_limits(item: dict[str, Any], seen: dict[str, list[str]]) -> None:
    """A command or option has a name and description in each locale, as Discord takes them
    (its names added to ``seen`` by locale)."""
    names = item.get("name_localizations") or {}
    descriptions = item.get("description_localizations") or {}
    assert set(names) == set(descriptions) == DISCORD_LOCALES, item["name"]
    for locale in DISCORD_LOCALES:
        assert NAME.match(names[locale]) and names[locale] == names[locale].lower()
        assert 1 <= len(descriptions[locale]) <= 100
        seen[locale].append(names[locale])


async def test_every_slash_command_is_registered_in_each_language_within_limits(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    synced = bot.fake.synced[bot.guild["id"]]
    assert len(synced) > 30
    by_locale: dict[str, list[str]] = {locale: [] for locale in DISCORD_LOCALES}
    for command in synced:
        localised_within_limits(command, by_locale)
        option_names: dict[str, list[str]] = {locale: [] for locale in DISCORD_LOCALES}
        for option in command["options"]:
            localised_within_limits(option, option_names)
        assert all(len(set(found)) == len(found) for found in option_names.values())
    assert all(len(set(found)) == len(found) for found in by_locale.values()), by_locale
    facts = next(command for command in synced if command["name"] == "facts")
    assert facts["name_localizations"] == {"fr": "faits", "es-ES": "datos", "es-419": "datos"}
    assert facts["description_localizations"]["fr"] == (
        "Lister les sujets, ou montrer les citations d'un sujet."
    )
    topic = next(option for option in facts["options"] if option["name"] == "topic")
    assert topic["name_localizations"]["fr"] == "sujet"
    assert topic["description_localizations"]["es-ES"] == "un tema, como varrp"


async def test_a_slash_command_is_answered_in_the_language_of_the_persons_discord(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    french = await bot.slash("fact", {"id": "99"}, locale="fr")
    assert (
        shown(french["data"]["content"])
        == "Il n'y a pas de fait #99. Trouvez les numéros avec !facts <topic>."
    )
    spanish = await bot.slash("fact", {"id": "99"}, locale="es-419")
    assert shown(spanish["data"]["content"]).startswith("No existe el dato #99.")
    unknown = await bot.slash("fact", {"id": "99"}, locale="ja")
    assert shown(unknown["data"]["content"]).startswith("There is no fact #99.")
    [embed] = (await bot.slash("fact", {"id": "8"}, locale="fr"))["data"]["embeds"]
    assert embed["title"] == "#8 (au 11 décembre 2008)"
    assert [field["name"] for field in embed["fields"]] == ["Sujets"]
    assert (
        embed["footer"]["text"] == "— Andrea D'Cruz, 'A fake friend', Red Pepper, 11 décembre 2008"
    )


async def test_typed_commands_follow_the_channel_and_slash_ones_the_person(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    set_here = await bot.ask("!language es", roles=("Organisers",))
    assert shown(set_here.body["content"]) == "A partir de ahora hablo español aquí."
    typed = await bot.ask("!fact 99")
    assert shown(typed.body["content"]).startswith("No existe el dato #99.")
    english = await bot.slash("fact", {"id": "99"}, locale="en-US")
    assert shown(english["data"]["content"]).startswith("There is no fact #99.")
    refused = await bot.ask("!language fr")
    assert shown(refused.body["content"]) == (
        "Solo la organización y quienes administran pueden cambiar el idioma aquí."
    )


async def test_slash_language_names_the_channel_s_language_not_the_person_s(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    asked = await bot.slash("language", {}, locale="fr")
    # The channel speaks the group's English; the rest of the answer is in French.
    assert shown(asked["data"]["content"]).splitlines()[:2] == [
        "Here I speak English.",
        "C'est la langue du groupe ([bot] language).",
    ]
    await bot.ask("!language es", roles=("Organisers",))
    asked = await bot.slash("language", {}, locale="fr")
    assert shown(asked["data"]["content"]).splitlines()[0] == "Aquí hablo español."


async def test_a_slash_command_over_the_rate_limit_is_told_so_in_the_channel_language(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    limited = replace(discord_settings(fake), limits=LimitSettings(person=1, room=0))
    bot = await start_bot(limited)
    await bot.ask("!language fr", roles=("Organisers",), user="olga")
    # Olga's Discord reads Spanish: answers follow her, the bot's own words the channel.
    answers = [
        shown((await bot.slash("fact", {"id": "99"}, locale="es"))["data"]["content"])
        for _ in range(3)
    ]
    # Allowed, warned once, then ignored: a slash command still gets its one answer.
    assert answers[0].startswith("No existe el dato #99.")
    assert answers[1].startswith("Más despacio, por favor")
    assert answers[2] == "Rien à répondre à cela."

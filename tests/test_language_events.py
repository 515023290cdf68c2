"""Events in the room's language: times read and written in it, reminders in each channel's.

The issue's scene, for French, Spanish and Arabic: in a room set to the language, the facts
answer in it with the English quote and its citation (and an admin's translation, labelled),
an event typed the way the language writes times is confirmed in it, and its reminder is
posted in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.recording import TEST_PLACE, person
from bot.core.bidi import isolated
from bot.core.model import Place, Role
from tests.eventkit import running_bot, settings, utc

ADMIN = person(Role.ADMIN, "test:alice")
FRIDAY_NOON = utc(2026, 3, 20, 12, 0)
SATURDAY_NOON = utc(2026, 3, 21, 12, 0)
CITED = "Andrea D'Cruz, 'A fake friend', Red Pepper"
TITLE = "VARRP and the 'voluntary' return programmes"
ISOLATES = str.maketrans("", "", "\u2068\u2069")

# The issue's scene in each language: the words typed, and what the bot says back.
SCENES = {
    "fr": {
        "when": "samedi 14h",
        "title": "Rassemblement",
        "translation": "Elle organise le transport « jusqu'au pas de la porte »",
        "heading": "VARRP and the 'voluntary' return programmes (varrp) : 5 faits, page 1 sur 2",
        "label": "Traduction en français par alice, pas les mots de la source :",
        "original": "    Original : “It arranges transport ‘to the home doorstep’,",
        "cited": f"    — {CITED}, 11 décembre 2008",
        "added": "Ajouté : #1 Rassemblement — sam. 21 mars, 14:00 GMT",
        "reminders": "Rappels : ven. 20 mars, 14:00 GMT (1 jour avant); "
        "sam. 21 mars, 12:00 GMT (2 heures avant); sam. 21 mars, 14:00 GMT (au début)",
        "reminder": "Rappel : Rassemblement — dans 2 heures, sam. 21 mars, 14:00 GMT\n"
        "Vous venez ? !going 1",
    },
    "es": {
        "when": "sábado 14:00",
        "title": "Concentración",
        "translation": "Organiza el transporte «hasta la puerta de casa»",
        "heading": "VARRP and the 'voluntary' return programmes (varrp): 5 datos, página 1 de 2",
        "label": "Traducción al español de alice, no son las palabras de la fuente:",
        "original": "    Original: “It arranges transport ‘to the home doorstep’,",
        "cited": f"    — {CITED}, 11 de diciembre de 2008",
        "added": "Añadido: #1 Concentración — sáb, 21 mar, 14:00 GMT",
        "reminders": "Recordatorios: vie, 20 mar, 14:00 GMT (1 día antes); "
        "sáb, 21 mar, 12:00 GMT (2 horas antes); sáb, 21 mar, 14:00 GMT (al empezar)",
        "reminder": "Recordatorio: Concentración — dentro de 2 horas, sáb, 21 mar, 14:00 GMT\n"
        "¿Vienes? !going 1",
    },
    "ar": {
        "when": "السبت 14:00",
        "title": "تجمع",
        "translation": "ترتّب النقل «حتى عتبة البيت»",
        "heading": f"{isolated(TITLE)} ({isolated('varrp')}): 5 حقائق، الصفحة 1 من 2",
        "label": f"ترجمة إلى العربية قام بها {isolated('alice')}، وليست كلمات المصدر:",
        "original": "    الأصل: \u2068“It arranges transport ‘to the home doorstep’,",
        "cited": f"    — {isolated(CITED + ', 11 ديسمبر 2008')}",
        "added": f"أُضيف: #1 تجمع — السبت، 21 مارس، 14:00 {isolated('GMT')}",
        "reminders": f"التذكيرات: الجمعة، 20 مارس، 14:00 {isolated('GMT')} (قبل يوم واحد); "
        f"السبت، 21 مارس، 12:00 {isolated('GMT')} (قبل ساعتين); "
        f"السبت، 21 مارس، 14:00 {isolated('GMT')} (عند البداية)",
        "reminder": f"تذكير: تجمع — بعد ساعتين، السبت، 21 مارس، 14:00 {isolated('GMT')}\n"
        f"هل ستأتي؟ {isolated('!going 1')}",
    },
}


@pytest.mark.parametrize("code", ["fr", "es", "ar"])
async def test_the_issue_scene_in_each_language(tmp_path: Path, code: str) -> None:
    scene = SCENES[code]
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON) as bot:
        assert (await bot.say(f"!language {code}", ADMIN)).strip()
        facts = await bot.say("!facts varrp", ADMIN)
        assert facts.startswith(scene["heading"] + "\n"), facts
        assert "#9 “It arranges transport ‘to the home doorstep’" in facts.translate(ISOLATES)
        assert f"{scene['cited']}\n" in facts
        translated = await bot.say(f'!fact translate 9 {code} "{scene["translation"]}"', ADMIN)
        assert scene["label"] in translated
        facts = await bot.say("!facts varrp", ADMIN)
        label, translation, original, cited = facts.split("#9 ", 1)[1].splitlines()[:4]
        assert label == scene["label"]
        assert translation == f"    {scene['translation']}"
        assert original.startswith(scene["original"])
        assert cited == scene["cited"]
        added = await bot.say(f'!event add "{scene["title"]}" {scene["when"]} remind:1d,2h,start')
        assert added.splitlines()[:2] == [scene["added"], scene["reminders"]], added
        [reminder] = await bot.at(SATURDAY_NOON)
        assert reminder.text == scene["reminder"]
        assert reminder.reply.wording.language == code


@pytest.mark.parametrize(
    ("code", "typed", "shown"),
    [
        ("fr", "samedi 14h", "sam. 21 mars, 14:00 GMT"),
        ("fr", "samedi 14h30", "sam. 21 mars, 14:30 GMT"),
        ("fr", "demain 18h30", "sam. 21 mars, 18:30 GMT"),
        ("fr", "5 déc. 14h", "sam. 5 déc., 14:00 GMT"),
        ("fr", "3 avr. 14h", "ven. 3 avr., 14:00 BST"),
        ("fr", "saturday 2pm", "sam. 21 mars, 14:00 GMT"),
        ("es", "sábado 14:00", "sáb, 21 mar, 14:00 GMT"),
        ("es", "sábado 2pm", "sáb, 21 mar, 14:00 GMT"),
        ("es", "mañana 18:30", "sáb, 21 mar, 18:30 GMT"),
        ("es", "3 abr 14:00", "vie, 3 abr, 14:00 BST"),
        ("ar", "السبت 2 مساء", f"السبت، 21 مارس، 14:00 {isolated('GMT')}"),
        ("ar", "غدا 18:30", f"السبت، 21 مارس، 18:30 {isolated('GMT')}"),
    ],
)
async def test_times_are_read_and_written_in_the_room_language(
    tmp_path: Path, code: str, typed: str, shown: str
) -> None:
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON) as bot:
        await bot.say(f"!language {code}", ADMIN)
        added = await bot.say(f'!event add "X" {typed}')
        assert f"#1 X — {shown}" in added.splitlines()[0], added


@pytest.mark.parametrize(
    ("code", "typed", "said"),
    [
        ("fr", "samedi", "« samedi » donne un jour (sam. 21 mars 2026) mais pas d'heure"),
        ("fr", "hier 14h", "« hier 14h », c'est jeu. 19 mars, 14:00 GMT, qui est déjà passé."),
        ("fr", "3/4 14h", "« 3/4 14h » peut vouloir dire le 3 avr. ou le 4 mars : écrivez "
         "« 3 avr. 14h »."),
        ("es", "ayer 14:00", "«ayer 14:00» es jue, 19 mar, 14:00 GMT, que ya ha pasado."),
        ("es", "3/4 14:00", "«3/4 14:00» puede ser el 3 abr o el 4 mar: escribe «3 abr 14:00»."),
        ("ar", "السبت", "«السبت» يذكر يومًا (السبت، 21 مارس 2026) بلا ساعة"),
        ("ar", "blabla", "لم أستطع قراءة «blabla» على أنه وقت"),
    ],
)  # fmt: skip
async def test_the_same_refusals_in_the_room_language(
    tmp_path: Path, code: str, typed: str, said: str
) -> None:
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON) as bot:
        await bot.say(f"!language {code}", ADMIN)
        refused = await bot.say(f'!event add "X" {typed}')
        assert said in refused.translate(ISOLATES), refused


async def test_dates_of_a_fixed_event_in_each_language(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON) as bot:
        await bot.say('!event add "Marche" 2026-03-21T14:00')
        await bot.say('!event add "Été" 2027-07-03T19:30')
        expected = {
            "en": ("Sat 21 Mar, 14:00 GMT", "Sat 3 Jul 2027, 19:30 BST"),
            "fr": ("sam. 21 mars, 14:00 GMT", "sam. 3 juil. 2027, 19:30 BST"),
            "es": ("sáb, 21 mar, 14:00 GMT", "sáb, 3 jul 2027, 19:30 BST"),
            "ar": (
                f"السبت، 21 مارس، 14:00 {isolated('GMT')}",
                f"السبت، 3 يوليو 2027، 19:30 {isolated('BST')}",
            ),
        }
        for code, (march, july) in expected.items():
            await bot.say(f"!language {code}", ADMIN)
            assert await_first_line(await bot.say("!event 1")) == f"#1 Marche — {march}"
            assert await_first_line(await bot.say("!event 2")) == f"#2 Été — {july}"


def await_first_line(text: str) -> str:
    """The first line of a reply."""
    return text.splitlines()[0]


async def test_each_channel_gets_the_reminder_in_its_own_language(tmp_path: Path) -> None:
    rooms = {"main": (TEST_PLACE,), "autre": (Place("test", "room-2", "autre"),)}
    config = settings(channels=rooms)
    async with running_bot(tmp_path / "bot.db", FRIDAY_NOON, config) as bot:
        await bot.chat.push("!language fr", author=ADMIN, place=Place("test", "room-2", "autre"))
        await bot.say("!language es", ADMIN)
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        posts = await bot.at(SATURDAY_NOON)
        said = {post.place.id: post.text.splitlines()[0] for post in posts}
        assert said == {
            "room-1": "Recordatorio: Picket — dentro de 2 horas, sáb, 21 mar, 14:00 GMT",
            "room-2": "Rappel : Picket — dans 2 heures, sam. 21 mars, 14:00 GMT",
        }
        await bot.say("!event cancel 1")
        notices = await bot.at(SATURDAY_NOON.replace(minute=1))
        cancelled = {post.place.id: post.text for post in notices}
        assert cancelled == {
            "room-1": "Cancelado: Picket — sáb, 21 mar, 14:00 GMT no se celebrará.",
            "room-2": "Annulé : Picket — sam. 21 mars, 14:00 GMT n'aura pas lieu.",
        }

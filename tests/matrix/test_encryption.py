"""Encrypted rooms: the bot reads and answers, and says so when it cannot decrypt."""

from __future__ import annotations

from nio import MegolmEvent, RoomMessageNotice

from bot.adapters.own_words import CANNOT_DECRYPT
from tests.matrix.conftest import CITATION, Bots, People, room_with_bot


async def test_encrypted_room_round_trip(people: People, bots: Bots) -> None:
    alice = await people.new("alice", encrypted=True)
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot, encrypted=True)
    asked = await alice.say(room, "!facts varrp")
    reply = await alice.reply(asked)
    assert reply.decrypted
    assert reply.source["content"]["msgtype"] == "m.notice"
    assert CITATION in reply.source["content"]["body"]
    assert reply.source["content"]["m.relates_to"]["m.in_reply_to"]["event_id"] == asked
    # Both went over the wire encrypted: nio marks what it had to decrypt.
    command = await alice.client.room_get_event(room, asked)
    assert command.event.decrypted
    assert command.event.body == "!facts varrp"


JUNK = {
    "algorithm": "m.megolm.v1.aes-sha2",
    "ciphertext": "AwgAEnB0aGlzIGlzIG5vdCBhIHJlYWwgbWVzc2FnZQ",
    "sender_key": "c2VuZGVyIGtleSBvZiBub2JvZHkgYXQgYWxsIGhlcmU",
    "session_id": "bm8gc3VjaCBzZXNzaW9uIGV2ZXIgc2hhcmVk",
    "device_id": "NOSUCHDEVICE",
}


async def test_undecryptable_message_is_explained_once(people: People, bots: Bots) -> None:
    alice = await people.new("alice", encrypted=True)
    mallory = await people.new("mallory")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot, mallory, encrypted=True)
    garbled = await mallory.say(room, "", content=JUNK)
    explanation = await alice.reply(garbled)
    assert explanation.body == CANNOT_DECRYPT
    assert explanation.sender == bot.user_id
    assert any(isinstance(e, MegolmEvent) and e.event_id == garbled for _, e in alice.seen)
    # Later traffic is answered normally and the explanation is not repeated.
    await alice.ask(room, "!iom")
    await alice.ask(room, "!facts waiver")
    assert len(alice.replies_to(garbled)) == 1
    assert all(isinstance(e, RoomMessageNotice) for e in alice.replies_to(garbled))


async def test_a_flood_of_undecryptable_messages_is_explained_once_per_sender(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice", encrypted=True)
    mallory = await people.new("mallory")
    ben = await people.new("ben")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot, mallory, ben, encrypted=True)
    flood = [await mallory.say(room, "", content=JUNK) for _ in range(12)]
    await alice.reply(flood[0])
    other = await ben.say(room, "", content=JUNK)  # someone else is still told
    assert (await alice.reply(other)).body == CANNOT_DECRYPT
    # Everything sent before is handled once this is answered (one room, in order).
    await alice.ask(room, "!iom")
    await alice.ask(room, "!iom")
    explained = [reply for event_id in flood for reply in alice.replies_to(event_id)]
    assert len(explained) == 1


async def test_an_undecryptable_message_is_explained_in_the_room_language(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice", encrypted=True)
    mallory = await people.new("mallory")
    bot = await bots.start([alice.user_id], admins=(alice.user_id,))
    room = await room_with_bot(alice, bot, mallory, encrypted=True)
    await alice.ask(room, "!language fr")
    garbled = await mallory.say(room, "", content=JUNK)
    explanation = await alice.reply(garbled)
    assert explanation.body == (
        "Je n'ai pas pu déchiffrer ce message, je ne peux donc pas y répondre."
        " Si c'était une commande, merci de l'envoyer à nouveau."
    )
    assert explanation.source["content"]["formatted_body"].startswith('<p dir="auto">')

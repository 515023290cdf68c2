"""The [matrix] section: the bot's account, where it keeps its keys, whom it obeys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.config.reader import Reader

MATRIX_TOKEN_ENV = "CAMPAIGN_BOT_MATRIX_TOKEN"
MATRIX_DEVICE_ENV = "CAMPAIGN_BOT_MATRIX_DEVICE_ID"
MATRIX_PASSWORD_ENV = "CAMPAIGN_BOT_MATRIX_PASSWORD"
CREDENTIALS_FILE = "credentials.json"
MATRIX_USER = re.compile(r"@[^:\s]+:[^\s]+")
# A room id: "!opaque:server" up to room version 11, "!" + unpadded base64 from version 12.
MATRIX_ROOM_ID = re.compile(r"![^:\s]+(:[^\s]+)?")
MATRIX_ALIAS = re.compile(r"#[^:\s]+:[^\s]+")
ROOM_HELP = (
    'is not a room id ("!abc:example.org", or "!" and 43 letters) or an alias ("#name:example.org")'
)


def is_room(text: str) -> bool:
    """Whether ``text`` names a room: a room id of any room version, or a room alias."""
    return bool(MATRIX_ROOM_ID.fullmatch(text) or MATRIX_ALIAS.fullmatch(text))


@dataclass(frozen=True)
class MatrixSettings:
    """The [matrix] section: the bot's account, where it keeps its keys, whom it obeys."""

    homeserver: str
    user_id: str
    store: Path | None = None
    device_name: str = "campaign-bot"
    allow_inviters: tuple[str, ...] = ()
    allow_servers: tuple[str, ...] = ()
    allow_rooms: tuple[str, ...] = ()
    home_rooms: tuple[str, ...] = ()
    organiser_power: int = 50
    admin_power: int = 100
    timeline_limit: int = 500


def parse_matrix(read: Reader) -> MatrixSettings:
    """The [matrix] section, its problems added to ``read.problems``."""
    table = read.table("matrix")
    known = {"homeserver", "user_id", "store", "device_name", "allow_inviters", "allow_servers"}
    known |= {"allow_rooms", "home_rooms", "organiser_power", "admin_power", "timeline_limit"}
    read.unknown(table, "matrix", known)
    homeserver = read.text(table, "matrix", "homeserver", "").rstrip("/")
    if not homeserver.startswith(("https://", "http://")):
        read.problems.append(
            'matrix.homeserver: the server\'s URL, like "https://matrix.example.org"'
        )
    user_id = read.text(table, "matrix", "user_id", "")
    if not MATRIX_USER.fullmatch(user_id):
        read.problems.append(
            'matrix.user_id: the bot\'s Matrix id, like "@campaign-bot:example.org"'
        )
    inviters = read.texts(table, "matrix", "allow_inviters")
    for inviter in inviters:
        if not MATRIX_USER.fullmatch(inviter):
            read.problems.append(
                f"matrix.allow_inviters: {inviter!r} is not a user id like @a:b.org"
            )
    rooms = read.texts(table, "matrix", "allow_rooms")
    home = read.texts(table, "matrix", "home_rooms")
    for key, named in (("allow_rooms", rooms), ("home_rooms", home)):
        bad = [room for room in named if not is_room(room)]
        read.problems += [f"matrix.{key}: {room!r} {ROOM_HELP}" for room in bad]
    servers = read.texts(table, "matrix", "allow_servers")
    for server in servers:
        if not server or any(char in server for char in "@!:/ "):
            read.problems.append(
                f"matrix.allow_servers: {server!r} is not a server name like b.org"
            )
    organiser = read.integer(table, "matrix", "organiser_power", 50)
    admin = read.integer(table, "matrix", "admin_power", 100)
    for key, power in (("organiser_power", organiser), ("admin_power", admin)):
        if power <= 0:
            read.problems.append(
                f"matrix.{key}: must be above 0 (every member has power 0 unless given more)"
            )
    if organiser > admin:
        read.problems.append("matrix.organiser_power: must not be above matrix.admin_power")
    timeline_limit = read.integer(table, "matrix", "timeline_limit", 500)
    if not 1 <= timeline_limit <= 1000:
        read.problems.append("matrix.timeline_limit: must be from 1 to 1000")
    store = read.text(table, "matrix", "store", "")
    return MatrixSettings(
        homeserver=homeserver,
        user_id=user_id,
        store=Path(store).expanduser() if store else None,
        device_name=read.text(table, "matrix", "device_name", "campaign-bot"),
        allow_inviters=inviters,
        allow_servers=servers,
        allow_rooms=rooms,
        home_rooms=home,
        organiser_power=organiser,
        admin_power=admin,
        timeline_limit=timeline_limit,
    )

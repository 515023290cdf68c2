"""Settings from a TOML file as frozen, typed values; secrets come from the environment."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.durations import parse_duration
from bot.core.errors import ConfigError
from bot.core.model import Place

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
KNOWN_SECTIONS = {"bot", "roles", "channels", "events", "discord", "matrix", "limits"}
CHANNEL_PLATFORMS = ("discord", "matrix", "console", "file")
CONSOLE_CHANNEL = "console"
DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
DISCORD_TOKEN_ENV = "CAMPAIGN_BOT_DISCORD_TOKEN"
MATRIX_TOKEN_ENV = "CAMPAIGN_BOT_MATRIX_TOKEN"
MATRIX_DEVICE_ENV = "CAMPAIGN_BOT_MATRIX_DEVICE_ID"
MATRIX_PASSWORD_ENV = "CAMPAIGN_BOT_MATRIX_PASSWORD"
MATRIX_USER = re.compile(r"@[^:\s]+:[^\s]+")


@dataclass(frozen=True)
class RoleSettings:
    """People given a role by their platform id, whatever the platform says."""

    admins: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()


@dataclass(frozen=True)
class LimitSettings:
    """How many commands one person, or one room, may send in a window (0: no limit)."""

    person: int = 5
    room: int = 20
    window_seconds: float = 10.0
    cooldown_seconds: float = 60.0


@dataclass(frozen=True)
class EventSettings:
    """How events and reminders behave."""

    organisers_channel: str = ""
    grace_seconds: int = 15 * 60
    default_reminders: tuple[int, ...] = (86400, 7200, 0)
    max_events_per_person_per_hour: int = 10


@dataclass(frozen=True)
class DiscordSettings:
    """The [discord] section: which servers to serve, and where Discord is."""

    guilds: tuple[str, ...] = ()
    api_base_url: str = DISCORD_API
    gateway_url: str = DISCORD_GATEWAY
    max_concurrent_sends: int = 4


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
    organiser_power: int = 50
    admin_power: int = 100
    timeline_limit: int = 500


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with."""

    prefix: str = "!"
    timezone: str = "Europe/London"
    database: Path | None = None
    log_level: str = "INFO"
    roles: RoleSettings = field(default_factory=RoleSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    channels: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    events: EventSettings = field(default_factory=EventSettings)
    discord: DiscordSettings | None = None
    matrix: MatrixSettings | None = None
    source: str = "built-in defaults"

    @property
    def zone(self) -> ZoneInfo:
        """The group's time zone."""
        return ZoneInfo(self.timezone)

    def announcement_channels(self) -> dict[str, tuple[Place, ...]]:
        """Channels by name; with none configured, the terminal is the one channel."""
        if self.channels:
            return dict(self.channels)
        return {CONSOLE_CHANNEL: (Place("console", "console", CONSOLE_CHANNEL),)}

    def organisers_channel(self) -> str:
        """The channel told about missed and failed reminders ('' = the log only)."""
        if self.events.organisers_channel or self.channels:
            return self.events.organisers_channel
        return CONSOLE_CHANNEL


def default_database_path() -> Path:
    """The database in the user's data directory (XDG), or ./campaign-bot.db without a home."""
    base = os.environ.get("XDG_DATA_HOME") or (
        str(Path.home() / ".local" / "share") if Path.home().is_dir() else ""
    )
    return Path(base) / "campaign-bot" / "campaign-bot.db" if base else Path("campaign-bot.db")


def secret(name: str) -> str | None:
    """A secret from the environment variable ``name`` (never from the config file)."""
    value = os.environ.get(name, "").strip()
    return value or None


class _Reader:
    """Reads typed values out of a TOML table, collecting every problem with its key."""

    def __init__(self, data: dict[str, Any], problems: list[str]) -> None:
        self.data = data
        self.problems = problems

    def table(self, key: str) -> dict[str, Any]:
        """The sub-table at ``key`` (empty when absent)."""
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.problems.append(f"[{key}] must be a table")
            return {}
        return value

    def text(self, table: dict[str, Any], section: str, key: str, default: str) -> str:
        """A string setting."""
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problems.append(f"{section}.{key}: must be text in quotes")
            return default
        return value

    def texts(self, table: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
        """A list-of-strings setting."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f'{section}.{key}: must be a list of text, like ["a", "b"]')
            return ()
        return tuple(value)

    def number(
        self, table: dict[str, Any], section: str, key: str, default: float, *, whole: bool = False
    ) -> float:
        """A number setting that must not be negative (``whole``: an integer)."""
        value = table.get(key, default)
        kinds = int if whole else int | float
        if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
            kind = "a whole number" if whole else "a number"
            self.problems.append(f"{section}.{key}: must be {kind}, 0 or more")
            return default
        return value

    def integer(self, table: dict[str, Any], section: str, key: str, default: int) -> int:
        """A whole-number setting."""
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.problems.append(f"{section}.{key}: must be a whole number, like {default}")
            return default
        return value

    def unknown(self, table: dict[str, Any], section: str, known: set[str]) -> None:
        """Note keys nobody reads (usually typos)."""
        for key in sorted(set(table) - known):
            self.problems.append(f"{section}.{key}: unknown setting")


def parse_settings(data: dict[str, Any], source: str) -> Settings:
    """Settings from parsed TOML; raises ConfigError listing every problem."""
    problems: list[str] = []
    read = _Reader(data, problems)
    for section in sorted(set(data) - KNOWN_SECTIONS):
        problems.append(f"[{section}]: unknown section")
    bot = read.table("bot")
    read.unknown(bot, "bot", {"prefix", "timezone", "database", "log_level"})
    prefix = read.text(bot, "bot", "prefix", "!")
    if not prefix or len(prefix) > 3 or any(char.isspace() or char.isalnum() for char in prefix):
        problems.append('bot.prefix: must be 1 to 3 symbols without spaces, like "!"')
    timezone = read.text(bot, "bot", "timezone", "Europe/London")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            f'bot.timezone: unknown time zone {timezone!r}, use one like "Europe/London"'
        )
    database = read.text(bot, "bot", "database", "")
    log_level = read.text(bot, "bot", "log_level", "INFO").upper()
    if log_level not in LOG_LEVELS:
        problems.append(f"bot.log_level: must be one of {', '.join(LOG_LEVELS)}")
    roles = read.table("roles")
    read.unknown(roles, "roles", {"admins", "organisers"})
    role_settings = RoleSettings(
        admins=read.texts(roles, "roles", "admins"),
        organisers=read.texts(roles, "roles", "organisers"),
    )
    limits = parse_limits(read)
    channels = _channels(read)
    events = _events(read, channels)
    discord = _discord_settings(read) if "discord" in data else None
    matrix = _matrix_settings(read) if "matrix" in data else None
    if problems:
        raise ConfigError(source, problems)
    return Settings(
        prefix=prefix,
        timezone=timezone,
        database=Path(database).expanduser() if database else None,
        log_level=log_level,
        roles=role_settings,
        limits=limits,
        channels=channels,
        events=events,
        discord=discord,
        matrix=matrix,
        source=source,
    )


def parse_limits(read: _Reader) -> LimitSettings:
    """The [limits] section."""
    table = read.table("limits")
    read.unknown(table, "limits", {"person", "room", "window_seconds", "cooldown_seconds"})
    default = LimitSettings()
    return LimitSettings(
        person=int(read.number(table, "limits", "person", default.person, whole=True)),
        room=int(read.number(table, "limits", "room", default.room, whole=True)),
        window_seconds=read.number(table, "limits", "window_seconds", default.window_seconds),
        cooldown_seconds=read.number(table, "limits", "cooldown_seconds", default.cooldown_seconds),
    )


def _channels(read: _Reader) -> dict[str, tuple[Place, ...]]:
    """[channels.<name>]: where announcements go on each platform."""
    found: dict[str, tuple[Place, ...]] = {}
    for name, table in read.table("channels").items():
        section = f"channels.{name}"
        if not isinstance(table, dict):
            read.problems.append(f'[{section}] must be a table, like discord = "123"')
            continue
        if not name.replace("-", "").replace("_", "").isalnum() or name != name.lower():
            read.problems.append(f"[{section}]: use a lower-case name without spaces")
        read.unknown(table, section, set(CHANNEL_PLATFORMS))
        places: list[Place] = []
        for platform in ("discord", "matrix", "file"):
            if platform in table:
                target = read.text(table, section, platform, "").strip()
                if target:
                    places.append(Place(platform, target, name))
                else:
                    read.problems.append(f"{section}.{platform}: must not be empty")
        console = table.get("console", False)
        if not isinstance(console, bool):
            read.problems.append(f"{section}.console: must be true or false")
        elif console:
            places.append(Place("console", "console", name))
        if not places and isinstance(console, bool):
            read.problems.append(
                f"[{section}]: name at least one of {', '.join(CHANNEL_PLATFORMS)}"
            )
        found[name] = tuple(places)
    return found


def _events(read: _Reader, channels: dict[str, tuple[Place, ...]]) -> EventSettings:
    """[events]: the organisers' channel, grace, default reminders and the rate limit."""
    table = read.table("events")
    known = {"organisers_channel", "grace", "default_reminders", "max_events_per_person_per_hour"}
    read.unknown(table, "events", known)
    defaults = EventSettings()
    organisers = read.text(table, "events", "organisers_channel", "")
    if organisers and organisers not in channels:
        read.problems.append(f"events.organisers_channel: no [channels.{organisers}] section")
    grace = _duration(read, table.get("grace", "15m"), "events.grace")
    reminders: list[int] = []
    raw = table.get("default_reminders", ["1d", "2h", "start"])
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        read.problems.append('events.default_reminders: must be a list like ["1d", "2h", "start"]')
    else:
        reminders = [_duration(read, item, "events.default_reminders") for item in raw]
    limit = table.get("max_events_per_person_per_hour", defaults.max_events_per_person_per_hour)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        read.problems.append("events.max_events_per_person_per_hour: must be a whole number >= 1")
        limit = defaults.max_events_per_person_per_hour
    return EventSettings(
        organisers_channel=organisers,
        grace_seconds=grace,
        default_reminders=tuple(sorted(set(reminders), reverse=True)),
        max_events_per_person_per_hour=limit,
    )


def _duration(read: _Reader, value: object, key: str) -> int:
    """Seconds from "15m"-style text (or whole minutes), noting a problem when unreadable."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value * 60
    try:
        if isinstance(value, str):
            return parse_duration(value)
    except ValueError as problem:
        read.problems.append(f"{key}: {problem}")
        return 0
    read.problems.append(f'{key}: must be a duration like "15m"')
    return 0


def _discord_settings(read: _Reader) -> DiscordSettings:
    """The [discord] section, its problems added to ``read.problems``."""
    table = read.table("discord")
    known = {"guilds", "api_base_url", "gateway_url", "max_concurrent_sends"}
    read.unknown(table, "discord", known)
    guilds = read.texts(table, "discord", "guilds")
    if not guilds:
        read.problems.append(
            'discord.guilds: list the ids of the servers to serve, like ["123456789012345678"]'
        )
    for guild in guilds:
        if not guild.isdigit():
            read.problems.append(f"discord.guilds: {guild!r} is not a server id (digits only)")
    api = read.text(table, "discord", "api_base_url", DISCORD_API).rstrip("/")
    if not api.startswith(("https://", "http://")):
        read.problems.append("discord.api_base_url: must start with https://")
    gateway = read.text(table, "discord", "gateway_url", DISCORD_GATEWAY)
    if not gateway.startswith(("wss://", "ws://")):
        read.problems.append("discord.gateway_url: must start with wss://")
    sends = table.get("max_concurrent_sends", 4)
    if not isinstance(sends, int) or isinstance(sends, bool) or not 1 <= sends <= 50:
        read.problems.append("discord.max_concurrent_sends: must be a whole number from 1 to 50")
        sends = 4
    return DiscordSettings(guilds, api, gateway, sends)


def _matrix_settings(read: _Reader) -> MatrixSettings:
    """The [matrix] section, its problems added to ``read.problems``."""
    table = read.table("matrix")
    known = {"homeserver", "user_id", "store", "device_name", "allow_inviters", "allow_servers"}
    known |= {"allow_rooms", "organiser_power", "admin_power", "timeline_limit"}
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
    for room in rooms:
        if not room.startswith("!") or ":" not in room:
            read.problems.append(f"matrix.allow_rooms: {room!r} is not a room id like !abc:b.org")
    servers = read.texts(table, "matrix", "allow_servers")
    for server in servers:
        if not server or any(char in server for char in "@!:/ "):
            read.problems.append(
                f"matrix.allow_servers: {server!r} is not a server name like b.org"
            )
    organiser = read.integer(table, "matrix", "organiser_power", 50)
    admin = read.integer(table, "matrix", "admin_power", 100)
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
        organiser_power=organiser,
        admin_power=admin,
        timeline_limit=timeline_limit,
    )


def load_settings(path: Path | None) -> Settings:
    """Settings from the TOML file at ``path``, or the defaults when ``path`` is None."""
    if path is None:
        return Settings()
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found: copy config.example.toml there"]) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(str(path), [f"cannot be read: {problem}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(str(path), [f"not valid TOML: {problem}"]) from None
    return parse_settings(data, str(path))

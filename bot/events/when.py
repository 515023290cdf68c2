"""Times as people write them, read in the group's zone; recurrence that keeps wall-clock time."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from itertools import islice, pairwise
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.events.errors import (
    AmbiguousDate,
    CountAndUntil,
    DayWithoutTime,
    EasterRule,
    MalformedRule,
    NoTimeGiven,
    NotOneRule,
    RepeatRefused,
    RepeatTooOften,
    RuleNeverFires,
    TimePassed,
    TimeRepeated,
    TimeSkipped,
    UnknownRepeat,
    UnreadableRule,
    UnreadableTime,
    ZeroInterval,
)
from bot.events.rule_window import later, occurrences_between

log = logging.getLogger(__name__)

AMBIGUOUS_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/])")
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# French and Spanish write hours as 14h or 14h30: dateparser reads 'samedi 14h' as a day.
# After 'in', 'dans' or 'en' an 'h' is hours from now ('dans 2h'), and stays as written.
HOURS_WITH_H = re.compile(
    r"(?<![\w:])(?<!\bin )(?<!\bdans )(?<!\ben )([01]?\d|2[0-3]) ?h ?([0-5]\d)?(?![\w:])",
    re.IGNORECASE,
)
# Words that make a weekday mean the coming week's, never today (in English, the source).
NEXT_WORDS = {"next"}
MIN_INTERVAL = timedelta(hours=1)
# A new repeat rule must have a date this soon after its start.
CHECK_WINDOW = timedelta(days=2 * 366)
# How far ahead the next time of a repeating event is looked for; none in it ends the event.
LOOK_AHEAD = timedelta(days=100 * 366)
# What an RRULE is written with (no line breaks: no DTSTART or second rule smuggled in).
RULE_TEXT = re.compile(r"[A-Z0-9=;,+-]{1,500}")
EVERY_WORDS = {
    "hour": "FREQ=HOURLY",
    "hourly": "FREQ=HOURLY",
    "day": "FREQ=DAILY",
    "daily": "FREQ=DAILY",
    "week": "FREQ=WEEKLY",
    "weekly": "FREQ=WEEKLY",
    "fortnight": "FREQ=WEEKLY;INTERVAL=2",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "month": "FREQ=MONTHLY",
    "monthly": "FREQ=MONTHLY",
    "year": "FREQ=YEARLY",
    "yearly": "FREQ=YEARLY",
}
EVERY_COUNTED = re.compile(r"^(\d{1,3})\s*([a-z]+?)s?$")


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as a UTC instant (a time skipped by DST counts as before)."""
    return local.replace(tzinfo=zone).astimezone(UTC)


def parse_when(
    text: str, zone: ZoneInfo, now: datetime, languages: tuple[str, ...] = ("en",)
) -> datetime:
    """The wall-clock time in ``zone`` that ``text`` names; refuses vague, ambiguous or past.

    ``text`` is read in the first of ``languages`` it is written in ('samedi 14h' in French,
    'sábado 14:00' in Spanish).
    """
    text = " ".join(text.split())
    if not text:
        raise NoTimeGiven()
    _refuse_ambiguous(text)
    base = now.astimezone(zone).replace(tzinfo=None)
    from dateparser.date import DateDataParser  # ~0.1 s to import: not at start-up

    parser = DateDataParser(
        languages=list(languages),
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "RETURN_TIME_AS_PERIOD": True,
            "DATE_ORDER": "DMY",
        },
    )
    data = parser.get_date_data(HOURS_WITH_H.sub(_clock_time, text))
    if data.date_obj is None:
        raise UnreadableTime(text)
    local: datetime = data.date_obj.replace(tzinfo=None, microsecond=0)
    if data.period != "time":
        raise DayWithoutTime(text, local)
    local = _prefer_today(text, local, base, languages)
    _refuse_dst_gaps(text, local, zone)
    instant = to_utc(local, zone)
    if instant <= now:
        raise TimePassed(text, instant, zone, now)
    return local


def _refuse_ambiguous(text: str) -> None:
    """Refuse '3/4' where day and month could be either way round."""
    for match in AMBIGUOUS_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
            raise AmbiguousDate(text, first, second, text.replace(match.group(0), "").strip())


def _clock_time(found: re.Match[str]) -> str:
    """'14h' as '14:00', '18h30' as '18:30'."""
    return f"{found.group(1)}:{found.group(2) or '00'}"


def weekday_names(day: int, languages: tuple[str, ...]) -> set[str]:
    """The names of weekday ``day`` (0 is Monday) in ``languages``, in lower case."""
    from dateparser.languages.loader import default_loader

    names = {DAYS[day]}
    for code in languages:
        names |= {name.casefold() for name in default_loader.get_locale(code).info[DAYS[day]]}
    return names


def _prefer_today(
    text: str, local: datetime, base: datetime, languages: tuple[str, ...] = ("en",)
) -> datetime:
    """'saturday 2pm' said on a Saturday morning means today, not a week today."""
    today = weekday_names(base.weekday(), languages)
    words = re.findall(r"\w+", text.casefold())
    named = any(word in today or (len(word) >= 3 and DAYS[base.weekday()].startswith(word))
                for word in words)  # fmt: skip
    if NEXT_WORDS & set(words) or not named:
        return local
    same_time_today = local - timedelta(days=7)
    if local.date() == (base + timedelta(days=7)).date() and same_time_today > base:
        return same_time_today
    return local


def _refuse_dst_gaps(text: str, local: datetime, zone: ZoneInfo) -> None:
    """Refuse a wall-clock time the clocks skip, or one they pass twice."""
    early = local.replace(tzinfo=zone, fold=0)
    late = local.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        raise TimeSkipped(text, local)
    raise TimeRepeated(text, local)


def parse_every(text: str, local_start: datetime) -> str:
    """An RRULE (without 'RRULE:') for 'week', '2weeks', 'month' or a rule; '' for 'none'."""
    key = " ".join(text.lower().split())
    if key in {"", "none", "never", "no", "once"}:
        return ""
    if key in EVERY_WORDS:
        rule = EVERY_WORDS[key]
    elif match := EVERY_COUNTED.match(key.replace(" ", "")):
        number, unit = int(match.group(1)), match.group(2)
        unit = {"hr": "hour", "min": "minute", "sec": "second", "wk": "week"}.get(unit, unit)
        if unit in {"second", "minute"}:
            raise RepeatTooOften()
        if unit not in {"hour", "day", "week", "month", "year"} or number < 1:
            raise UnknownRepeat(text, counted=True)
        rule = f"{EVERY_WORDS[unit]};INTERVAL={number}"
    elif key.upper().removeprefix("RRULE:").startswith("FREQ="):
        rule = text.strip().upper().removeprefix("RRULE:")
    else:
        raise UnknownRepeat(text, counted=False)
    check_rule(rule, local_start)
    return rule


def build_rule(rule: str, local_start: datetime) -> rrule:
    """The dateutil rule over wall-clock times, starting at the event's first local time."""
    try:
        built = rrulestr(rule, dtstart=local_start)
    except (ValueError, TypeError) as problem:
        raise UnreadableRule(rule, str(problem)) from None
    if not isinstance(built, rrule):
        raise NotOneRule(rule)
    return built


def check_rule(rule: str, local_start: datetime) -> None:
    """Refuse rules that repeat more often than hourly, or not at all in the next two years.

    The search is bounded (see ``occurrences_between``), but can take a good part of a
    second: call it off the event loop.
    """
    if not RULE_TEXT.fullmatch(rule):
        raise MalformedRule(rule)
    if any(freq in rule for freq in ("SECONDLY", "MINUTELY")):
        raise RepeatTooOften()
    if re.search(r"(^|;)INTERVAL=0*(;|$)", rule):
        raise ZeroInterval(rule)
    if "BYEASTER" in rule:
        raise EasterRule()
    if "COUNT=" in rule and "UNTIL=" in rule:
        raise CountAndUntil(rule)
    build_rule(rule, local_start)
    zone = ZoneInfo("UTC")
    found = occurrences_between(rule, local_start, local_start, later(local_start, CHECK_WINDOW))
    times = [to_utc(t, zone) for t in islice(found, 400)]
    if not times:
        raise RuleNeverFires(rule)
    if any(b - a < MIN_INTERVAL for a, b in pairwise(times)):
        raise RepeatTooOften()


def next_occurrence(
    rule: str, local_start: datetime, zone: ZoneInfo, after: datetime
) -> datetime | None:
    """The first occurrence strictly after the UTC instant ``after`` (None once the rule ends).

    A rule with no time in the LOOK_AHEAD after ``after`` counts as ended, and so does a
    stored rule that cannot be read (written by hand or by an older version), with a warning.
    """
    if not rule:
        start = to_utc(local_start, zone)
        return start if start > after else None
    try:
        build_rule(rule, local_start)
    except RepeatRefused as problem:
        log.warning("a repeat rule that cannot be read counts as ended: %s", problem)
        return None
    local_after = after.astimezone(zone).replace(tzinfo=None)
    window_end = later(local_after, LOOK_AHEAD)
    for local in occurrences_between(
        rule, local_start, local_after - timedelta(days=1), window_end
    ):
        instant = to_utc(local, zone)
        if instant > after:
            return instant
    return None


def min_gap(rule: str, local_start: datetime, zone: ZoneInfo) -> timedelta | None:
    """The shortest time between two occurrences (None for a one-off)."""
    if not rule:
        return None
    build_rule(rule, local_start)
    found = occurrences_between(rule, local_start, local_start, later(local_start, CHECK_WINDOW))
    times = [to_utc(t, zone) for t in islice(found, 60)]
    gaps = [b - a for a, b in pairwise(times)]
    return min(gaps) if gaps else None

"""Is a quote word for word in its source text? If not, which passage is closest?"""

from __future__ import annotations

import enum
import sqlite3
import unicodedata
from dataclasses import dataclass, replace

from bot.core.text import for_matching
from bot.facts.errors import NoSuchSource, QuoteNotInSource
from bot.facts.passages import plain_with_positions
from bot.facts.records import Fact
from bot.facts.validation import check_lengths
from bot.storage.database import Database

PASSAGE_LIMIT = 400


@dataclass(frozen=True)
class Check:
    """The result of checking one quote: ``ok``, or the closest passage of the source."""

    ok: bool
    passage: str = ""
    score: float = 100.0


def closest_passage(quote: str, text: str) -> tuple[str, float]:
    """The passage of ``text`` (as written there, whole words) nearest to ``quote``, and a score."""
    original = unicodedata.normalize("NFC", text)
    plain, positions = plain_with_positions(original)
    needle = for_matching(quote)
    if not plain or not needle:
        return "", 0.0
    from rapidfuzz import fuzz  # when a quote is checked: ~3 MiB a running bot rarely needs

    found = fuzz.partial_ratio_alignment(needle, plain)
    if found is None or found.dest_end <= found.dest_start:
        return "", 0.0
    start = positions[found.dest_start]
    end = positions[found.dest_end - 1] + 1
    while start > 0 and not original[start - 1].isspace():
        start -= 1
    while end < len(original) and not original[end].isspace():
        end += 1
    passage = " ".join(original[start:end].split())
    if len(passage) > PASSAGE_LIMIT:
        passage = passage[: PASSAGE_LIMIT - 1] + "…"
    return passage, float(found.score)


def check_quote(quote: str, text: str) -> Check:
    """Whether ``quote`` is verbatim in ``text`` (whitespace, dashes and quote marks aside)."""
    return QuoteChecker().check(quote, text)


class QuoteChecker:
    """Checks many quotes, normalising each source text only once."""

    def __init__(self) -> None:
        self._plain: dict[str, str] = {}

    def check(self, quote: str, text: str) -> Check:
        """Whether ``quote`` is verbatim in ``text``, else the closest passage."""
        plain = self._plain.get(text)
        if plain is None:
            plain = self._plain[text] = for_matching(text)
        if for_matching(quote) in plain:
            return Check(True)
        passage, score = closest_passage(quote, text)
        return Check(False, passage, score)


class Verdict(enum.Enum):
    """How a change left a fact's ``verified`` mark."""

    KEPT = "kept"  # the quote and source did not change
    VERBATIM = "verbatim"  # checked: word for word in the source's text
    NO_TEXT = "no text"  # the source has no stored text: marked unverified
    FORCED = "forced"  # not word for word, kept as asked: marked unverified


def settle(
    connection: sqlite3.Connection, before: Fact | None, after: Fact, force: bool
) -> tuple[Fact, Verdict]:
    """``after`` with ``verified`` set by checking its quote, when the quote or source changed.

    A quote that is not word for word in its source is refused unless ``force``.
    """
    check_lengths(after.quote, after.note)
    if before is not None and (before.quote, before.source) == (after.quote, after.source):
        return after, Verdict.KEPT
    row = connection.execute(
        "SELECT full_text FROM sources WHERE id = ?", (after.source,)
    ).fetchone()
    if row is None:
        raise NoSuchSource(after.source)
    if not row[0]:
        return replace(after, verified=False), Verdict.NO_TEXT
    check = check_quote(after.quote, row[0])
    if check.ok:
        return replace(after, verified=True), Verdict.VERBATIM
    if not force:
        raise QuoteNotInSource(after.source, check.passage)
    return replace(after, verified=False), Verdict.FORCED


@dataclass(frozen=True)
class Mismatch:
    """A fact marked verified whose quote is not (or no longer) in its source's text."""

    fact_id: int
    source: str
    quote: str
    passage: str
    has_text: bool


@dataclass(frozen=True)
class VerifyReport:
    """The result of checking every shown fact against its source text."""

    checked: int
    mismatches: tuple[Mismatch, ...]
    marked_unverified: tuple[int, ...]


def verify_all(connection: sqlite3.Connection) -> VerifyReport:
    """Check every fact that is shown and marked verified; list each one that fails."""
    texts = dict(connection.execute("SELECT id, full_text FROM sources").fetchall())
    rows = connection.execute(
        "SELECT id, source_id, quote, verified FROM facts WHERE deleted = 0 ORDER BY id"
    ).fetchall()
    mismatches: list[Mismatch] = []
    marked: list[int] = []
    checker = QuoteChecker()
    for fact_id, source_id, quote, verified in rows:
        if not verified:
            marked.append(fact_id)
            continue
        text = texts.get(source_id)
        if not text:
            mismatches.append(Mismatch(fact_id, source_id, quote, "", has_text=False))
            continue
        check = checker.check(quote, text)
        if not check.ok:
            mismatches.append(Mismatch(fact_id, source_id, quote, check.passage, has_text=True))
    return VerifyReport(len(rows) - len(marked), tuple(mismatches), tuple(marked))


async def verify_database(database: Database) -> VerifyReport:
    """``verify_all`` in one read of the database."""
    return await database.read("verify every fact", verify_all)

"""`campaign-bot run` starts without importing what only some commands or reminders need."""

from __future__ import annotations

import sys

from tests.processes import run

# Each costs 0.1-0.2 s of start-up; they are imported when first used.
DEFERRED = (
    "apscheduler",
    "dateparser",
    "icalendar",
    "rich",
    "bot.facts.fact_import",
    # The web face: only with a [web] section.
    "jinja2",
    "PIL",
    "bot.web.site",
    # ~3 MiB of RSS: only an unknown command or topic, or checking a quote, needs it.
    "rapidfuzz",
)

PROBE = """
import sys
from bot import cli
from bot.app import App
from bot.platforms import platform_adapters
parser = cli.build_parser()
parser.parse_args(["run"])
print(" ".join(name for name in {deferred!r} if name in sys.modules))
"""


def test_the_run_path_defers_heavy_imports() -> None:
    probe = PROBE.format(deferred=DEFERRED)
    done = run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == []

"""`campaign-bot` with every room's members loaded in each sync (no lazy loading), for comparison.

python bench/bot_eager_members.py run --config FILE
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.adapters.matrix import adapter
from bot.cli import main

lazy_filter = adapter.sync_filter


def eager_filter(timeline_limit: int) -> dict[str, Any]:
    """The bot's sync filter, asking for every member of every room."""
    found = lazy_filter(timeline_limit)
    found["room"]["state"] = {"lazy_load_members": False}
    return found


adapter.sync_filter = eager_filter  # type: ignore[assignment]
raise SystemExit(main())

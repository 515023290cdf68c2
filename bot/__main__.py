"""Run the command-line interface with ``python -m bot``."""

from bot.cli import main

raise SystemExit(main())

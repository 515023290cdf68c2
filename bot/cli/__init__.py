"""The `campaign-bot` command: run and console, health, facts, sources, db, events, check-config."""

from bot.cli.main import main
from bot.cli.parser import build_parser

__all__ = ["build_parser", "main"]

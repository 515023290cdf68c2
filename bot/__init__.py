"""campaign-bot: sourced facts, events and reminders for campaign groups."""

__version__ = "0.1.0"

"""Where the bot's log goes and how much of it: stderr, secrets blanked, third parties quiet."""

from __future__ import annotations

import logging
import sys

from bot.config import DISCORD_TOKEN_ENV, MATRIX_PASSWORD_ENV, MATRIX_TOKEN_ENV, secret
from bot.redact import RedactingFormatter

# Libraries that log at INFO for every event they handle (nio: each timeline event of each
# room; apscheduler: every run of the reminder timer). Their warnings still show.
CHATTY = ("nio", "apscheduler")


def setup_logging(level: str) -> None:
    """Log to stderr at ``level``, with the secrets from the environment (and any token) blanked.

    Below DEBUG's detail, the chatty libraries say only what goes wrong.
    """
    names = (DISCORD_TOKEN_ENV, MATRIX_TOKEN_ENV, MATRIX_PASSWORD_ENV)
    secrets = [value for name in names if (value := secret(name))]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    numeric = logging.getLevelName(level.upper())
    logging.basicConfig(level=numeric, handlers=[handler])
    quiet = isinstance(numeric, int) and numeric > logging.DEBUG
    for name in CHATTY:
        # Never below the bot's own level: a library's warning must not show at ERROR.
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING) if quiet else logging.NOTSET)

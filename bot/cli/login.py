"""Who is at this terminal, for the history of what the console and the CLI change."""

from __future__ import annotations

import getpass
import os


def login_name() -> str:
    """The login of whoever runs this: from the environment, else the user database by uid.

    A uid the user database does not know (a container started with `-u 12345`) gives
    'uid12345', never a made-up name.
    """
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = ""
    return name or f"uid{os.getuid()}"


def cli_author() -> str:
    """Who the command line acts as, for revisions: cli:<login name>."""
    return f"cli:{login_name()}"

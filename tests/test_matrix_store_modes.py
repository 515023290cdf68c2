"""The Matrix store (device keys, login, sync token) is this user's alone: 0700 and 0600."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from nio import AsyncClient

from bot.adapters.matrix.session import client_config, prepare_store
from bot.adapters.matrix.store import secure_store, write_sync_token


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_loose_store_left_by_an_older_version_is_tightened_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "matrix"
    store.mkdir(mode=0o755)
    store.chmod(0o755)
    keys = store / "@bot:example.org_DEVICE.db"
    keys.write_bytes(b"keys")
    keys.chmod(0o644)
    token = store / "sync_token"
    token.write_text("s1")
    token.chmod(0o664)
    private = store / "credentials.json"
    private.write_text("{}")
    private.chmod(0o600)
    elsewhere = tmp_path / "shared.txt"
    elsewhere.write_text("not ours to change")
    elsewhere.chmod(0o644)
    (store / "link").symlink_to(elsewhere)
    with caplog.at_level(logging.WARNING):
        prepare_store(store)
    assert mode(store) == 0o700
    assert mode(keys) == mode(token) == mode(private) == 0o600
    assert mode(elsewhere) == 0o644
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sorted(warnings) == sorted(
        [
            f"{store} had mode 0755, open to other users: now 0700",
            f"{keys} had mode 0644, open to other users: now 0600",
            f"{token} had mode 0664, open to other users: now 0600",
        ]
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        prepare_store(store)
    assert caplog.records == []


async def test_a_new_store_and_the_key_database_nio_makes_are_private(tmp_path: Path) -> None:
    store = tmp_path / "data" / "matrix"
    prepare_store(store)
    assert mode(store) == 0o700
    client = AsyncClient(
        "http://127.0.0.1:9", "@bot:example.org", store_path=str(store), config=client_config()
    )
    try:
        client.restore_login("@bot:example.org", "DEVICE", "token")  # nio makes its key store
        made = [path for path in store.iterdir() if path.suffix == ".db"]
        assert made, "nio made no key database"
        secure_store(store, warn=False)
        write_sync_token(store, "s42")
    finally:
        await client.close()
    files = list(store.iterdir())
    assert files and all(mode(path) == 0o600 for path in files), {
        p.name: oct(mode(p)) for p in files
    }

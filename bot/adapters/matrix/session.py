"""Logging the bot in to its homeserver as the same device every time."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse
from nio.crypto import ENCRYPTION_ENABLED

from bot.adapters.matrix.store import lean_store, secure_store
from bot.config import (
    CREDENTIALS_FILE,
    MATRIX_DEVICE_ENV,
    MATRIX_PASSWORD_ENV,
    MATRIX_TOKEN_ENV,
    MatrixSettings,
    secret,
)
from bot.core.errors import ConfigError
from bot.core.private_files import write_file

log = logging.getLogger(__name__)

UNKNOWN_TOKEN = "M_UNKNOWN_TOKEN"


@dataclass(frozen=True)
class MatrixLogin:
    """How the bot proves who it is: a token and device id, or a password used once."""

    token: str | None = field(default=None, repr=False)
    device_id: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_environment(cls) -> MatrixLogin:
        """The secrets from CAMPAIGN_BOT_MATRIX_TOKEN, _DEVICE_ID and _PASSWORD."""
        return cls(secret(MATRIX_TOKEN_ENV), secret(MATRIX_DEVICE_ENV), secret(MATRIX_PASSWORD_ENV))


def client_config() -> AsyncClientConfig:
    """nio settings: keys kept on disk, a short reconnect backoff."""
    return AsyncClientConfig(
        encryption_enabled=ENCRYPTION_ENABLED,
        # nio would write each sync token to its SQLite store (with fsyncs) before the
        # sync's events are handled, delaying every answer; the adapter saves it after.
        store_sync_tokens=False,
        store=lean_store(),
        # After an outage, retry every 1.5 s at most instead of nio's 60 s.
        max_timeout_retry_wait_time=1.5,
        # On M_LIMIT_EXCEEDED nio waits retry_after_ms and resends the identical
        # request (same transaction id, so never a duplicate), with no limit.
        max_limit_exceeded=None,
        max_timeouts=None,
        request_timeout=30,
    )


def refused(settings: MatrixSettings, status: str, stored: Path | None) -> ConfigError:
    """The error that stops the bot when the homeserver refuses its token."""
    fix = (
        f"delete {stored} and start once with {MATRIX_PASSWORD_ENV} set"
        if stored
        else f"create a new token and set {MATRIX_TOKEN_ENV} and {MATRIX_DEVICE_ENV}"
    )
    return ConfigError(
        f"Matrix login for {settings.user_id}",
        [f"{settings.homeserver} refused the access token ({status}): {fix}"],
    )


def read_stored(path: Path) -> tuple[str, str] | None:
    """The token and device id saved by an earlier password login, if any."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return str(data["access_token"]), str(data["device_id"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as problem:
        raise ConfigError(str(path), [f"saved Matrix login cannot be read: {problem}"]) from None


def write_stored(path: Path, user_id: str, token: str, device_id: str) -> None:
    """Save a token and device id readable by this user only."""
    data = {"user_id": user_id, "device_id": device_id, "access_token": token}
    write_file(path, json.dumps(data).encode("utf-8"), durable=True)


def prepare_store(store: Path) -> None:
    """Create the store directory, readable by this user only (it holds the device's keys)."""
    secure_store(store)


async def open_client(settings: MatrixSettings, login: MatrixLogin, store: Path) -> AsyncClient:
    """A logged-in nio client with its keys and sync token in ``store``."""
    prepare_store(store)
    client = AsyncClient(
        settings.homeserver, settings.user_id, store_path=str(store), config=client_config()
    )
    try:
        await _log_in(client, settings, login, store / CREDENTIALS_FILE)
        secure_store(store, warn=False)  # the key database nio has just made
    except BaseException:
        await client.close()
        raise
    if not ENCRYPTION_ENABLED:
        log.warning("matrix-nio has no encryption support: encrypted rooms cannot be read")
    log.info(
        "logged in to %s as %s (device %s)", settings.homeserver, client.user_id, client.device_id
    )
    return client


async def _log_in(
    client: AsyncClient, settings: MatrixSettings, login: MatrixLogin, saved: Path
) -> None:
    """Restore the token from the environment or the store, or log in once with the password."""
    token, device_id, stored = login.token, login.device_id, None
    if token is None:
        found = read_stored(saved)
        if found:
            (token, device_id), stored = found, saved
    if token is None:
        if login.password is None:
            raise ConfigError(
                f"Matrix login for {settings.user_id}",
                [
                    f"no access token: set {MATRIX_TOKEN_ENV} and {MATRIX_DEVICE_ENV}, "
                    f"or set {MATRIX_PASSWORD_ENV} once to log in and save a token"
                ],
            )
        response = await client.login(login.password, device_name=settings.device_name)
        if not isinstance(response, LoginResponse):
            raise ConfigError(
                f"Matrix login for {settings.user_id}",
                [f"{settings.homeserver} refused the password: {response.message}"],
            )
        write_stored(saved, response.user_id, response.access_token, response.device_id)
        log.info("logged in with the password once; token saved in %s", saved)
        return
    client.access_token = token
    who = await client.whoami()
    if not isinstance(who, WhoamiResponse):
        if who.status_code == UNKNOWN_TOKEN:
            raise refused(settings, who.status_code, stored)
        raise ConfigError(
            f"Matrix login for {settings.user_id}",
            [f"{settings.homeserver} did not accept the token: {who.message}"],
        )
    if who.user_id != settings.user_id:
        raise ConfigError(
            f"Matrix login for {settings.user_id}",
            [f"the access token belongs to {who.user_id}, not matrix.user_id {settings.user_id}"],
        )
    if device_id and who.device_id and device_id != who.device_id:
        log.warning(
            "%s is %s but the token belongs to device %s: using that device",
            MATRIX_DEVICE_ENV,
            device_id,
            who.device_id,
        )
    device = who.device_id or device_id
    if not device:
        raise ConfigError(
            f"Matrix login for {settings.user_id}", [f"set {MATRIX_DEVICE_ENV} to the device id"]
        )
    client.restore_login(settings.user_id, device, token)


async def keep_keys_current(client: AsyncClient) -> None:
    """Upload, query and claim encryption keys as nio says a sync made necessary."""
    if client.olm:
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())

"""A throwaway Synapse homeserver on 127.0.0.1 for tests and benchmarks."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.processes import popen

SERVER_NAME = "campaign.test"
RELAXED = {"per_second": 100000, "burst_count": 100000}
RATE_LIMITS = {
    "rc_message": RELAXED,
    "rc_registration": RELAXED,
    "rc_registration_token_validity": RELAXED,
    "rc_login": {"address": RELAXED, "account": RELAXED, "failed_attempts": RELAXED},
    "rc_joins": {"local": RELAXED, "remote": RELAXED},
    "rc_joins_per_room": RELAXED,
    "rc_invites": {"per_room": RELAXED, "per_user": RELAXED, "per_issuer": RELAXED},
    "rc_third_party_invite": RELAXED,
    "rc_room_creation": RELAXED,
    "rc_presence": {"per_user": RELAXED},
    "rc_3pid_validation": RELAXED,
    "rc_admin_redaction": RELAXED,
    "rc_key_requests": RELAXED,
    "rc_media_create": RELAXED,
    "rc_delayed_event_mgmt": RELAXED,
    "rc_reports": RELAXED,
    "rc_user_directory": RELAXED,
    "rc_profile": RELAXED,
}
LOG_CONFIG = """\
version: 1
formatters:
  plain: {format: "%(asctime)s %(levelname)s %(name)s: %(message)s"}
handlers:
  file: {class: logging.FileHandler, filename: "LOGFILE", formatter: plain}
root: {level: WARNING, handlers: [file]}
disable_existing_loggers: false
"""


@dataclass(frozen=True)
class Account:
    """A registered user: id, access token and device id."""

    user_id: str
    token: str
    device_id: str
    password: str


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Homeserver:
    """One Synapse process with its own directory, port and SQLite database."""

    def __init__(
        self,
        directory: Path,
        *,
        default_rate_limits: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """``extra`` adds or replaces top-level settings (benches turn off what they do not use)."""
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.secret = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        self._write_config(default_rate_limits, extra or {})

    def _write_config(self, default_rate_limits: bool, extra: dict[str, Any]) -> None:
        """homeserver.yaml (as JSON) and its log config."""
        d = self.directory
        d.mkdir(parents=True, exist_ok=True)
        (d / "log.yaml").write_text(LOG_CONFIG.replace("LOGFILE", str(d / "homeserver.log")))
        config = {
            "server_name": SERVER_NAME,
            "pid_file": str(d / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "media_store_path": str(d / "media"),
            "signing_key_path": str(d / "signing.key"),
            "log_config": str(d / "log.yaml"),
            "registration_shared_secret": self.secret,
            "enable_registration": False,
            "bcrypt_rounds": 4,
            "macaroon_secret_key": secrets.token_hex(16),
            "form_secret": secrets.token_hex(16),
            "report_stats": False,
            "enable_metrics": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "url_preview_enabled": False,
            "presence": {"enabled": False},
            **({} if default_rate_limits else RATE_LIMITS),
            **extra,
        }
        (d / "homeserver.yaml").write_text(json.dumps(config, indent=1))

    def _spawn(self) -> None:
        """Start the Synapse process."""
        log = (self.directory / "stdout.log").open("ab")
        self.process = popen(
            [
                sys.executable,
                "-m",
                "synapse.app.homeserver",
                "-c",
                str(self.directory / "homeserver.yaml"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.directory,
            env={**os.environ, "SYNAPSE_CACHE_FACTOR": "0.5"},
        )
        log.close()

    def _failed(self) -> str:
        """Why the process is not running, with the tail of its log."""
        tail = (self.directory / "stdout.log").read_text(errors="replace")[-2000:]
        return f"Synapse exited with {self.process.returncode if self.process else '?'}:\n{tail}"

    def start(self, timeout: float = 60) -> None:
        """Start and wait until the client API answers (blocking)."""
        self._spawn()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(self._failed())
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2):
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        raise RuntimeError(f"Synapse did not answer within {timeout} s")

    async def astart(self, limit: float = 60) -> None:
        """Start and wait until the client API answers, without blocking the event loop."""
        self._spawn()
        deadline = time.monotonic() + limit
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(self._failed())
                try:
                    async with http.get(f"{self.url}/_matrix/client/versions") as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"Synapse did not answer within {limit} s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the process and wait for it (SIGKILL when it lingers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    async def astop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the process without blocking the event loop."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        for _ in range(300):
            if self.process.poll() is not None:
                return
            await asyncio.sleep(0.1)
        self.process.kill()
        self.process.wait()

    async def register(self, username: str, *, admin: bool = False) -> Account:
        """Register ``username`` with the shared secret; returns its token and device."""
        password = secrets.token_hex(8)
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        async with aiohttp.ClientSession() as http:
            async with http.get(endpoint) as answer:
                nonce = (await answer.json())["nonce"]
            message = "\0".join([nonce, username, password, "admin" if admin else "notadmin"])
            mac = hmac.new(self.secret.encode(), message.encode(), hashlib.sha1).hexdigest()
            body = {
                "nonce": nonce,
                "username": username,
                "password": password,
                "admin": admin,
                "mac": mac,
            }
            async with http.post(endpoint, json=body) as answer:
                data = await answer.json()
                if answer.status != 200:
                    raise RuntimeError(f"registering {username}: {data}")
        return Account(data["user_id"], data["access_token"], data["device_id"], password)

    async def logout(self, account: Account) -> None:
        """Invalidate ``account``'s access token."""
        async with aiohttp.ClientSession() as http:
            headers = {"Authorization": f"Bearer {account.token}"}
            async with http.post(f"{self.url}/_matrix/client/v3/logout", headers=headers) as answer:
                assert answer.status == 200, await answer.text()

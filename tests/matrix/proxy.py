"""A loopback HTTP proxy in front of Synapse that records the order of a client's requests.

It can also change what a sync brings (``rewrite``), to stand in for what only a remote
homeserver could send over federation.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from tests.matrix.homeserver import free_port

HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


@dataclass(frozen=True)
class Mark:
    """A request starting (``start``) or its response handed back whole (``end``).

    ``next_batch`` is the token a sync response carried (on the ``end`` of a /sync).
    """

    what: str
    method: str
    path: str
    query: dict[str, str]
    number: int
    next_batch: str = ""


class RecordingProxy:
    """Forwards every request to ``upstream`` and notes when each starts and ends, in order."""

    def __init__(
        self, upstream: str, rewrite: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    ) -> None:
        self.upstream = upstream
        self.rewrite = rewrite
        self.port = free_port()
        self.marks: list[Mark] = []
        self._count = 0
        self._http: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The proxy's base URL, to use as the homeserver."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen on 127.0.0.1."""
        self._http = aiohttp.ClientSession(auto_decompress=False)
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        # A client that hangs up (a bot stopping mid long-poll) cancels its request here, and
        # stopping the proxy does not wait for the homeserver to answer what nobody reads.
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handler_cancellation=True)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        """Stop listening and close the upstream connections."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    def requests(self, method: str, part: str) -> list[Mark]:
        """Marks of requests with ``method`` whose path contains ``part``."""
        return [m for m in self.marks if m.method == method and part in m.path]

    def sync_tokens(self) -> list[str]:
        """The next_batch of every sync response handed back to the client, in order."""
        return [m.next_batch for m in self.requests("GET", "/sync") if m.what == "end"]

    def waiting_in_a_sync(self) -> bool:
        """The client has handled the last sync that came back and waits in the next one."""
        syncs = self.requests("GET", "/sync")
        tokens = self.sync_tokens()
        return (
            bool(syncs and tokens)
            and syncs[-1].what == "start"
            and (syncs[-1].query.get("since") == tokens[-1])
        )

    async def until_waiting_in_a_sync(self, bound: float = 30.0) -> None:
        """Wait until ``waiting_in_a_sync`` (a bound to fail on, not a timing assertion)."""
        deadline = time.monotonic() + bound
        while not self.waiting_in_a_sync():
            assert time.monotonic() < deadline, "the client never settled into a sync"
            await asyncio.sleep(0.01)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._http is not None
        self._count += 1
        number = self._count
        query = dict(request.query)
        self.marks.append(Mark("start", request.method, request.path, query, number))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        async with self._http.request(
            request.method,
            self.upstream + request.path_qs,
            headers=headers,
            data=await request.read(),
        ) as answer:
            body = await answer.read()
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_HEADERS}
        syncing = request.path.endswith("/sync") and answer.status == 200
        if syncing and self.rewrite is not None:
            body = json.dumps(self.rewrite(json.loads(body))).encode()
        response = web.Response(body=body, status=answer.status, headers=kept)
        await response.prepare(request)
        await response.write_eof()
        token = ""
        if syncing:
            token = str(json.loads(body).get("next_batch", ""))
        self.marks.append(Mark("end", request.method, request.path, query, number, token))
        return response

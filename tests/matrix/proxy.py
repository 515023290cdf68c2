"""A loopback HTTP proxy in front of Synapse that records the order of a client's requests."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from aiohttp import web

from tests.matrix.homeserver import free_port

HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


@dataclass(frozen=True)
class Mark:
    """A request starting (``start``) or its response going back (``end``)."""

    what: str
    method: str
    path: str
    query: dict[str, str]
    number: int


class RecordingProxy:
    """Forwards every request to ``upstream`` and notes when each starts and ends, in order."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
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
        self._runner = web.AppRunner(app)
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
        self.marks.append(Mark("end", request.method, request.path, query, number))
        return web.Response(body=body, status=answer.status, headers=kept)

"""The fake's gateway: HELLO, IDENTIFY/RESUME, heartbeats, dispatch with replay after a drop."""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

MESSAGE_CONTENT = 1 << 15


@dataclass
class Session:
    """One identified gateway session: its events, so a resume can replay what was missed."""

    id: str
    intents: int
    sequence: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)


class Gateway:
    """A websocket endpoint that speaks enough of Discord's gateway for discord.py."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.session: Session | None = None
        self.socket: web.WebSocketResponse | None = None
        self.identifies: list[int] = []
        self.resumes = 0
        self.refuse_content_intent = False
        # Content blanked although the intent was granted (unapproved verified bots get this).
        self.blank_content = False
        # IDENTIFY is recorded but never answered (a Discord that hangs during the handshake).
        self.withhold_ready = False
        self.connected = asyncio.Event()

    @property
    def content_intent(self) -> bool:
        """Whether the current session asked for (and got) message content."""
        return bool(self.session and self.session.intents & MESSAGE_CONTENT)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """One websocket connection, until it closes."""
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None}))
        try:
            async for frame in ws:
                if frame.type is not WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                await self._on_op(ws, message["op"], message.get("d"))
        finally:
            if self.socket is ws:
                self.socket = None
                self.connected.clear()
        return ws

    async def _on_op(self, ws: web.WebSocketResponse, op: int, data: Any) -> None:
        """React to one client frame."""
        if op == 1:
            await ws.send_str(json.dumps({"op": 11, "d": None}))
        elif op == 2:
            intents = int(data.get("intents", 0))
            self.identifies.append(intents)
            if self.withhold_ready:
                return
            if intents & MESSAGE_CONTENT and self.refuse_content_intent:
                await ws.close(code=4014, message=b"Disallowed intent(s).")
                return
            self.session = Session(secrets.token_hex(8), intents)
            self.socket = ws
            await self._send(self.ready())
            for guild in self.owner.guilds.values():
                await self._send(("GUILD_CREATE", self.owner.guild_payload(guild)))
            self.connected.set()
        elif op == 6:
            await self._resume(ws, data)

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        """Replay the events after the client's last sequence number, then RESUMED."""
        session = self.session
        if session is None or data.get("session_id") != session.id:
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return
        self.resumes += 1
        self.socket = ws
        last = int(data.get("seq") or 0)
        for frame in session.sent:
            if frame["s"] > last:
                await ws.send_str(json.dumps(frame))
        await self._send(("RESUMED", {}))
        self.connected.set()

    def ready(self) -> tuple[str, dict[str, Any]]:
        """The READY event."""
        assert self.session is not None
        return (
            "READY",
            {
                "v": 10,
                "user": self.owner.bot_user,
                "session_id": self.session.id,
                "resume_gateway_url": self.owner.gateway_url,
                "guilds": [
                    {"id": g["id"], "unavailable": True} for g in self.owner.guilds.values()
                ],
                "application": {"id": self.owner.app_id, "flags": 0},
            },
        )

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event now, or keep it for the resume when the socket is down."""
        await self._send((event, data))

    async def _send(self, item: tuple[str, dict[str, Any]]) -> None:
        """Number an event, remember it and send it if connected."""
        session = self.session
        assert session is not None, "the bot has not identified yet"
        session.sequence += 1
        frame = {"op": 0, "t": item[0], "s": session.sequence, "d": item[1]}
        session.sent.append(frame)
        if self.socket is not None and not self.socket.closed:
            await self.socket.send_str(json.dumps(frame))

    async def drop(self) -> None:
        """Close the socket the way a network fault or a Discord restart does."""
        socket, self.socket = self.socket, None
        self.connected.clear()
        if socket is not None:
            await socket.close(code=4000, message=b"simulated drop")

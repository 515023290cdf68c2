"""Rooms full of people on a throwaway Synapse, kept on disk for the growth bench.

Registers users with Synapse's admin API (shared-secret registration), has an owner create
public rooms, and makes the users join them, in stages of members per room; after each stage
the whole Synapse directory is copied, so a bench can start a homeserver at any stage.
Three bot accounts are members of the first 1, 20 and 100 rooms (listed in the manifest).

    python bench/matrix_population.py [--rooms 100] [--members 1,100,1000] [--big-rooms 1]

``--big-rooms``: how many rooms get the largest stage (Synapse makes ~10-20 joins a second
on a 2-CPU machine: 100 rooms of 1,000 members are 100,000 joins, hours of work).
Output: bench/results/population/stage-<members>/ (a Synapse directory and manifest.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.matrix.homeserver import SERVER_NAME, Account, Homeserver

ROOT = Path(__file__).parent / "results" / "population"
# Work Synapse does per join that no bench reads: the user directory and room statistics.
LEAN = {"user_directory": {"enabled": False}, "stats": {"enabled": False}}
BOT_ROOMS = (1, 20, 100)
CONCURRENCY = 8


def lean_homeserver(directory: Path) -> Homeserver:
    """A Homeserver on ``directory`` without the user directory and room statistics."""
    return Homeserver(directory, extra=LEAN)


def account_json(account: Account) -> dict[str, str]:
    """An account as the manifest keeps it."""
    return {
        "user_id": account.user_id,
        "token": account.token,
        "device_id": account.device_id,
        "password": account.password,
    }


def account_from(data: dict[str, str]) -> Account:
    """An account from the manifest."""
    return Account(data["user_id"], data["token"], data["device_id"], data["password"])


async def post(http: aiohttp.ClientSession, url: str, token: str, body: dict[str, Any]) -> Any:
    """POST ``body`` as ``token``; the JSON answer (raises on an error status)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with http.post(url, json=body, headers=headers) as answer:
        data = await answer.json()
        if answer.status != 200:
            raise RuntimeError(f"{url}: {answer.status} {data}")
        return data


async def register_all(server: Homeserver, names: list[str]) -> list[Account]:
    """Register ``names``, a few at a time."""
    slots = asyncio.Semaphore(CONCURRENCY)

    async def one(name: str) -> Account:
        async with slots:
            return await server.register(name)

    return list(await asyncio.gather(*(one(name) for name in names)))


async def join_all(server: Homeserver, pairs: list[tuple[Account, str]]) -> None:
    """Make each account join its room (the client API, as a person would), a few at a time."""
    slots = asyncio.Semaphore(CONCURRENCY)
    done = 0
    began = time.monotonic()
    async with aiohttp.ClientSession() as http:

        async def one(account: Account, room_id: str) -> None:
            nonlocal done
            async with slots:
                await post(
                    http, f"{server.url}/_matrix/client/v3/join/{room_id}", account.token, {}
                )
            done += 1
            if done % 1000 == 0:
                rate = done / (time.monotonic() - began)
                print(f"  {done}/{len(pairs)} joins, {rate:.1f}/s", file=sys.stderr, flush=True)

        await asyncio.gather(*(one(account, room_id) for account, room_id in pairs))


async def admin_logins(server: Homeserver, admin: Account, count: int) -> list[Account]:
    """Tokens for person0001 .. person<count-1> from the admin API (for a manifest without)."""
    people = []
    async with aiohttp.ClientSession() as http:
        for number in range(1, count):
            user_id = f"@person{number:04d}:{SERVER_NAME}"
            url = f"{server.url}/_synapse/admin/v1/users/{user_id}/login"
            data = await post(http, url, admin.token, {})
            people.append(Account(user_id, data["access_token"], "", ""))
    return people


async def populate(server: Homeserver, rooms: int, people_count: int) -> dict[str, Any]:
    """The owner, the echo, the bots, the people and the rooms; returns the manifest."""
    owner = await server.register("owner", admin=True)
    echo = await server.register("echo")
    bots = {count: await server.register(f"bot{count}") for count in BOT_ROOMS}
    people = await register_all(server, [f"person{n:04d}" for n in range(1, people_count)])
    room_ids = []
    async with aiohttp.ClientSession() as http:
        for number in range(rooms):
            body = {"preset": "public_chat", "name": f"Room {number}"}
            made = await post(http, f"{server.url}/_matrix/client/v3/createRoom", owner.token, body)
            room_ids.append(made["room_id"])
    await join_all(
        server,
        [(echo, room_ids[0])]
        + [(bot, room_id) for count, bot in bots.items() for room_id in room_ids[:count]],
    )
    return {
        "owner": account_json(owner),
        "echo": account_json(echo),
        "bots": {str(count): account_json(bot) for count, bot in bots.items()},
        "people": [account_json(person) for person in people],
        "rooms": room_ids,
    }


async def build(rooms: int, stages: list[int], big_rooms: int, resume: Path | None) -> None:
    """Create the users and rooms, then each stage in turn, copying the directory after each.

    ``resume``: a stage directory to go on from (its manifest says how far it got).
    """
    work = ROOT / "work"
    if work.exists():
        shutil.rmtree(work)
    if resume is not None:
        shutil.copytree(resume, work)
    server = lean_homeserver(work)
    await server.astart()
    try:
        if resume is None:
            manifest = await populate(server, rooms, max(stages))
            joined = 1  # the owner
        else:
            manifest = json.loads((work / "manifest.json").read_text())
            joined = manifest["stage"]["members"]
            stages = [stage for stage in stages if stage > joined]
        room_ids = manifest["rooms"]
        people = [account_from(data) for data in manifest.get("people", [])]
        if len(people) < max(stages) - 1:
            people = await admin_logins(server, account_from(manifest["owner"]), max(stages))
            manifest["people"] = [account_json(person) for person in people]
        for stage in stages:
            targets = room_ids if stage < max(stages) else room_ids[:big_rooms]
            newcomers = people[joined - 1 : stage - 1]
            began = time.monotonic()
            print(
                f"stage {stage}: {len(newcomers)} people x {len(targets)} rooms",
                file=sys.stderr,
                flush=True,
            )
            await join_all(server, [(p, room) for p in newcomers for room in targets])
            joined = stage
            took = time.monotonic() - began
            manifest["stage"] = {
                "members": stage,
                "rooms_with_them": len(targets),
                "build_s": round(took, 1),
            }
            await server.astop()
            (work / "manifest.json").write_text(json.dumps(manifest, indent=1))
            target = ROOT / f"stage-{stage}"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(work, target)
            await server.astart()
    finally:
        await server.astop()
    shutil.rmtree(work)


def main() -> None:
    """Parse arguments and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--members", default="1,100,1000", help="the stages, comma-separated")
    parser.add_argument("--big-rooms", type=int, default=1, help="rooms in the largest stage")
    parser.add_argument("--resume", type=Path, help="a stage directory to go on from")
    args = parser.parse_args()
    stages = sorted(int(value) for value in args.members.split(","))
    asyncio.run(build(args.rooms, stages, args.big_rooms, args.resume))


if __name__ == "__main__":
    main()

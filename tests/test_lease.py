"""The scheduler lease: one holder at a time, named in a private file beside the database."""

from __future__ import annotations

import asyncio
import os
import socket
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import StorageError
from bot.events.lease import Holder, Lease, LeaseHeld, lease_path
from bot.events.turns import Turns, take_for_good


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def test_one_holder_at_a_time_and_the_others_read_who(db_path: Path) -> None:
    first, second = Lease(db_path, "run"), Lease(db_path, "run")
    try:
        first.take()
        assert not second.try_take()
        holder = second.current_holder()
        assert holder == first.holder
        assert holder is not None
        assert (holder.command, holder.pid, holder.host) == (
            "run",
            os.getpid(),
            socket.gethostname(),
        )
        with pytest.raises(LeaseHeld) as refused:
            second.take()
        message = str(refused.value)
        assert f"campaign-bot run (pid {os.getpid()} on {socket.gethostname()}, since" in message
        assert str(db_path) in message and "\n" not in message
        assert mode(lease_path(db_path)) == 0o600
        first.release()
        assert first.current_holder() is None, "a released lease names nobody"
        assert second.try_take()
        assert not first.try_take()
    finally:
        first.close()
        second.close()


def test_a_loose_lease_file_is_made_private(db_path: Path) -> None:
    path = lease_path(db_path)
    path.write_text("", "utf-8")
    path.chmod(0o644)
    lease = Lease(db_path, "run")
    try:
        lease.take()
        assert mode(path) == 0o600
    finally:
        lease.close()


def test_a_symlink_or_a_fifo_in_its_place_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", "utf-8")
    linked = tmp_path / "linked.db"
    lease_path(linked).symlink_to(target)
    with pytest.raises(StorageError, match="regular file"):
        Lease(linked, "run").take()
    assert target.read_text("utf-8") == "keep me"
    piped = tmp_path / "piped.db"
    os.mkfifo(lease_path(piped))
    lease = Lease(piped, "run")
    assert lease.current_holder() is None  # read without blocking on the FIFO
    with pytest.raises(StorageError, match="not a regular file"):
        lease.take()


def test_a_lease_file_replaced_meanwhile_is_not_locked_twice(db_path: Path) -> None:
    late = Lease(db_path, "console")
    holder = Lease(db_path, "run")
    try:
        assert late.try_take()
        late.release()  # keeps its file open between turns
        lease_path(db_path).unlink()
        holder.take()  # makes and locks a new file
        assert not late.try_take()
        assert late.current_holder() == holder.holder
    finally:
        holder.close()
        late.close()


def test_a_console_takes_turns_and_says_once_who_else_sends(db_path: Path) -> None:
    told: list[Holder] = []
    console = Turns(Lease(db_path, "console"), keep=False, on_busy=told.append)
    assert console.begin() and console.recovering()
    console.end()
    assert console.lease is not None and not console.lease.held, "a console gives back its turn"
    running = Lease(db_path, "run")
    try:
        running.take()
        assert not console.begin() and not console.begin()
        assert told == [running.holder]
        running.release()
        assert console.begin() and console.recovering(), "a new turn recovers orphans again"
        console.end()
    finally:
        running.close()
        console.lease.close()


async def test_run_waits_out_a_console_turn_but_refuses_a_live_run_at_once(
    db_path: Path,
) -> None:
    console, wanting, second = (Lease(db_path, who) for who in ("console", "run", "run"))
    try:
        assert console.try_take()
        taking = asyncio.create_task(take_for_good(wanting, lambda: False))
        await asyncio.sleep(0.3)
        assert not taking.done(), "a console's turn is waited out, not refused"
        console.release()
        assert await asyncio.wait_for(taking, 30)
        with pytest.raises(LeaseHeld, match=f"campaign-bot run \\(pid {os.getpid()} "):
            await take_for_good(second, lambda: False)
        assert not await take_for_good(console, lambda: True, patience=30), "stopped meanwhile"
    finally:
        for lease in (console, wanting, second):
            lease.close()


async def test_a_dead_runs_details_left_in_the_file_are_not_taken_for_a_holder(
    db_path: Path,
) -> None:
    dead = await asyncio.create_subprocess_exec("true")
    await dead.wait()
    stale = Holder("run", dead.pid, socket.gethostname(), datetime.now(UTC))
    assert not stale.alive()
    holder = Lease(db_path, "console")
    wanting = Lease(db_path, "run")
    try:
        assert holder.try_take()
        # The moment between a new holder's lock and its details: the file still names the dead.
        lease_path(db_path).write_text(stale.record(), "utf-8")
        taking = asyncio.create_task(take_for_good(wanting, lambda: False))
        await asyncio.sleep(0.3)
        assert not taking.done()
        holder.release()
        assert await asyncio.wait_for(taking, 30)
    finally:
        wanting.close()
        holder.close()

"""Child processes for tests, the same however pytest was launched.

A launcher that ignores SIGINT (`nohup … &`, `trap "" INT`, some CI runners) passes that
on to every child, and a bot started that way ignores a SIGINT sent before it installs
its own handler. Every test starts its processes through here: SIGINT goes back to its
default in the child. `children()` lists what is still running, so a test (and the autouse
fixture in conftest.py) can make sure nothing it started outlives it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any


def default_signals() -> None:
    """In the child, before it runs: SIGINT as a fresh process has it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def bot_command(*args: str) -> list[str]:
    """The console script as a subprocess command."""
    return [sys.executable, "-m", "bot", *args]


def popen(args: Sequence[str], **options: Any) -> subprocess.Popen[Any]:
    """subprocess.Popen with SIGINT reset in the child; stop it with ``stopped`` or ``stop``."""
    return subprocess.Popen(args, preexec_fn=default_signals, **options)


def run(args: Sequence[str], **options: Any) -> subprocess.CompletedProcess[Any]:
    """subprocess.run with SIGINT reset in the child (it kills the child on a timeout)."""
    options.setdefault("timeout", 120)
    return subprocess.run(args, preexec_fn=default_signals, **options)


async def spawn(*args: str, **options: Any) -> asyncio.subprocess.Process:
    """asyncio.create_subprocess_exec with SIGINT reset in the child."""
    return await asyncio.create_subprocess_exec(*args, preexec_fn=default_signals, **options)


def stop(process: subprocess.Popen[Any]) -> None:
    """SIGKILL ``process`` if it still runs, and reap it."""
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


async def stop_async(process: asyncio.subprocess.Process) -> None:
    """SIGKILL an asyncio child if it still runs, and reap it."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    await asyncio.wait_for(process.wait(), 30)


@contextlib.contextmanager
def stopped(process: subprocess.Popen[Any]) -> Iterator[subprocess.Popen[Any]]:
    """``process``, killed and reaped when the block ends, however it ends."""
    try:
        yield process
    finally:
        stop(process)


def _candidates() -> list[Path]:
    """/proc entries that may be children of this process (each thread lists its own)."""
    tasks = sorted(Path("/proc/self/task").glob("*/children"))
    if not tasks:  # a kernel without CONFIG_PROC_CHILDREN: look at every process
        return [entry for entry in Path("/proc").glob("[0-9]*")]
    pids: set[str] = set()
    for task in tasks:
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            pids.update(task.read_text().split())
    return [Path("/proc") / pid for pid in pids]


def children() -> dict[int, str]:
    """The running (not zombie) children of this process: pid -> command line."""
    me = os.getpid()
    found: dict[int, str] = {}
    if not Path("/proc/self").is_dir():
        return found
    for entry in _candidates():
        try:
            stat = (entry / "stat").read_text()
            state, parent = stat.rsplit(")", 1)[1].split()[:2]
            if int(parent) != me or state in {"Z", "X"}:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        found[int(entry.name)] = command.strip()
    return found


def outliving(before: dict[int, str], grace: float = 5.0) -> dict[int, str]:
    """Children not in ``before`` still running after ``grace`` seconds; they are killed."""
    deadline = time.monotonic() + grace
    left = {pid: cmd for pid, cmd in children().items() if pid not in before}
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = {pid: cmd for pid, cmd in children().items() if pid in left}
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left

"""The scheduler lease: an OS file lock beside the database, naming the process that holds it."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core.clock import SystemClock
from bot.core.dates import timestamp
from bot.core.errors import StorageError
from bot.core.ports import Clock

PRIVATE = 0o600
RECORD_LIMIT = 4096


@dataclass(frozen=True)
class Holder:
    """Who holds a lease: which command, its process id, its host and since when."""

    command: str
    pid: int
    host: str
    since: datetime

    def describe(self) -> str:
        """'campaign-bot run (pid 4242 on host1, since 20 Mar 2026 12:00 UTC)'."""
        since = timestamp(self.since.astimezone(UTC))
        return f"campaign-bot {self.command} (pid {self.pid} on {self.host}, since {since})"

    def record(self) -> str:
        """The holder as the lease file keeps it (one JSON object)."""
        fields = {"command": self.command, "pid": self.pid, "host": self.host}
        return json.dumps({**fields, "since": self.since.isoformat()})

    @classmethod
    def from_record(cls, text: str) -> Holder | None:
        """The holder a lease file names, or None when it names nobody readable."""
        try:
            data = json.loads(text)
            since = datetime.fromisoformat(str(data["since"]))
            return cls(str(data["command"]), int(data["pid"]), str(data["host"]), since)
        except (ValueError, KeyError, TypeError):
            return None

    def alive(self) -> bool:
        """Whether the process still exists (always True for another host's process)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class LeaseHeld(Exception):
    """Another process holds the lease."""

    def __init__(self, database: Path, holder: Holder | None) -> None:
        self.database = database
        self.holder = holder
        who = holder.describe() if holder else "another process (it has not said which yet)"
        super().__init__(
            f"Not started: {who} already sends the reminders of {database}. "
            "Stop it first, or give this one another --db."
        )


def lease_path(database: Path) -> Path:
    """The lease file of ``database``: beside the file itself, named after it.

    Symlinks (to the file or a folder above it) are resolved first: every path that names
    the same database file names the same lease.
    """
    real = database.expanduser().resolve()
    return real.with_name(real.name + ".lease")


class Lease:
    """An exclusive ``flock`` on the lease file: the kernel drops it when the holder dies."""

    def __init__(self, database: Path, command: str, clock: Clock | None = None) -> None:
        self.database = database.expanduser()
        self.path = lease_path(self.database)
        self.command = command
        self.clock = clock or SystemClock()
        self._descriptor: int | None = None
        self.holder: Holder | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds the lease now."""
        return self.holder is not None

    def still_held(self) -> bool:
        """Whether this process holds the lease and the file at its path is the one locked.

        A lease file removed (or replaced) while held lets another process lock a new one.
        """
        descriptor = self._descriptor
        return self.held and descriptor is not None and self._still_the_file(descriptor)

    def try_take(self) -> bool:
        """Take the lease if nobody holds it (never waits); True when this process holds it."""
        if self.held:
            return True
        for _ in range(3):
            descriptor = self._open()
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            if self._still_the_file(descriptor):
                break
            # Replaced or removed since we opened it: lock the file that is there now.
            self._close()
        else:
            raise StorageError(f"The scheduler lease {self.path} keeps being replaced.")
        holder = Holder(self.command, os.getpid(), socket.gethostname(), self.clock.now())
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, holder.record().encode("utf-8"), 0)
        self.holder = holder
        return True

    def take(self) -> None:
        """Take the lease or raise ``LeaseHeld`` naming the holder."""
        if not self.try_take():
            raise LeaseHeld(self.database, self.current_holder())

    def release(self) -> None:
        """Give the lease up (the details are cleared first, so nobody reads stale ones)."""
        descriptor = self._descriptor
        if descriptor is None or not self.held:
            return
        self.holder = None
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, 0)
        fcntl.flock(descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the lease and close the file."""
        self.release()
        self._close()

    def current_holder(self) -> Holder | None:
        """Who the lease file names (None when it names nobody readable)."""
        try:
            # Never through a symlink, never blocking on a FIFO someone put there.
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            descriptor = os.open(self.path, flags)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None
            return Holder.from_record(os.read(descriptor, RECORD_LIMIT).decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        finally:
            os.close(descriptor)

    def _open(self) -> int:
        """The lease file, opened once: private, never through a symlink, a regular file."""
        if self._descriptor is not None:
            return self._descriptor
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, flags, PRIVATE)
        except OSError as problem:
            raise StorageError(
                f"Cannot open the scheduler lease {self.path}: {problem.strerror or problem}. "
                "It must be a regular file in a writable folder."
            ) from problem
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise StorageError(f"The scheduler lease {self.path} is not a regular file.")
            if stat.S_IMODE(info.st_mode) != PRIVATE:
                os.fchmod(descriptor, PRIVATE)
        except OSError as problem:
            os.close(descriptor)
            raise StorageError(
                f"Cannot make the scheduler lease {self.path} private: {problem.strerror}."
            ) from problem
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor
        return descriptor

    def _still_the_file(self, descriptor: int) -> bool:
        """Whether the path still names the file we hold open."""
        try:
            named = os.stat(self.path, follow_symlinks=False)
        except OSError:  # removed, or its folder no longer readable
            return False
        opened = os.fstat(descriptor)
        return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)

    def _close(self) -> None:
        """Close the file (which also drops any lock held through it)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
            self.holder = None

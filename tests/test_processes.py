"""The test rig's own processes: SIGINT is back to its default in every child, whatever
the launcher did, and a child left running is found and killed."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.processes import children, outliving, popen, run

SHOW_SIGINT = "import signal; print(repr(signal.getsignal(signal.SIGINT)))"


@pytest.fixture
def sigint_ignored() -> Iterator[None]:
    """This process ignores SIGINT, as under `nohup … &` or `trap "" INT`."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    yield
    signal.signal(signal.SIGINT, before)


def test_a_child_gets_the_default_sigint_when_the_launcher_ignores_it(
    sigint_ignored: None,
) -> None:
    plain = subprocess.run(
        [sys.executable, "-c", SHOW_SIGINT], capture_output=True, text=True, check=True
    )
    assert plain.stdout.strip() == "<Handlers.SIG_IGN: 1>"  # what every test child used to get
    ours = run([sys.executable, "-c", SHOW_SIGINT], capture_output=True, text=True, check=True)
    assert ours.stdout.strip() == "<built-in function default_int_handler>"


def test_sigint_stops_a_child_started_while_it_is_ignored(sigint_ignored: None) -> None:
    child = popen([sys.executable, "-c", "import time; print('up', flush=True); time.sleep(60)"],
                  stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline() == "up\n"
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == -signal.SIGINT  # not ignored
    finally:
        child.kill()
        child.wait()


def test_a_child_left_running_is_found_and_killed() -> None:
    before = children()
    left = popen(["sleep", "60"])
    assert left.pid in children()
    assert list(outliving(before, grace=0.2)) == [left.pid]
    assert left.wait(timeout=30) == -signal.SIGKILL
    assert left.pid not in children()

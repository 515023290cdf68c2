"""The console in Arabic: printed whole in UTF-8, and never a traceback on a terminal that
cannot show it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.core.bidi import isolated


def console(cwd: Path, stdin: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """`campaign-bot console` in ``cwd``, its output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(cwd / "bot.db")],
        input=stdin.encode(),
        cwd=cwd,
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},
    )


def test_an_arabic_answer_prints_whole_with_its_latin_quote_isolated(tmp_path: Path) -> None:
    done = console(tmp_path, "!language ar\n!fact 3\n", PYTHONIOENCODING="utf-8")
    assert done.returncode == 0, done.stderr
    printed = done.stdout.decode("utf-8")
    assert printed.startswith("من الآن فصاعدًا أتحدث العربية هنا.\n\n")
    quote = "“Established in 1951, the IOM has 125 member states and offices in more than 100"
    assert f"#3 \u2068{quote}" in printed
    cited = "Andrea D'Cruz, 'A fake friend', Red Pepper, 11 ديسمبر 2008"
    assert f"— {isolated(cited)}" in printed
    assert "المواضيع: iom" in printed


def test_a_terminal_without_arabic_gets_question_marks_not_a_traceback(tmp_path: Path) -> None:
    done = console(tmp_path, "!language ar\n!fact 3\n!language en\n!fact 3\n",
                   PYTHONIOENCODING="latin-1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    printed = done.stdout.decode("latin-1")
    assert "?? ????" in printed
    assert printed.count("Established in 1951, the IOM has 125 member states") == 2
    assert printed.endswith("    Topics: iom\n\n")

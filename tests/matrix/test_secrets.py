"""`campaign-bot run` on Synapse at DEBUG: no password or token in any log line, in any form."""

from __future__ import annotations

import base64
import json
import signal
from pathlib import Path
from urllib.parse import quote

from tests.matrix.conftest import CITATION, People, token_env, unique
from tests.matrix.homeserver import Homeserver
from tests.matrix.process import BotProcess, write_config


def forms(secret: str) -> set[str]:
    """``secret`` as it could appear in a log: raw (a header, a JSON body), URL-quoted,
    base64 (a Basic header), hex; and every 12-character piece of the raw value."""
    raw = secret.encode()
    whole = {
        secret,
        quote(secret, safe=""),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        raw.hex(),
        json.dumps(secret)[1:-1],
    }
    return whole | {secret[i : i + 12] for i in range(len(secret) - 11)}


def leaks(text: str, secrets: list[str]) -> list[str]:
    """Every line of ``text`` that holds a secret in one of its forms."""
    pieces = set().union(*(forms(secret) for secret in secrets))
    return [line for line in text.splitlines() if any(piece in line for piece in pieces)]


def debug_config(directory: Path, homeserver: Homeserver, user_id: str, inviter: str) -> Path:
    """A config at log level DEBUG, the bot's database and store in ``directory``."""
    config = write_config(directory, homeserver.url, user_id, [inviter])
    config.write_text(config.read_text().replace('log_level = "INFO"', 'log_level = "DEBUG"'))
    return config


async def test_run_on_matrix_at_debug_logs_no_password_or_token(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    alice = await people.new("alice", encrypted=True)
    by_password = await homeserver.register(unique("bot"))
    by_token = await homeserver.register(unique("bot"))
    runs = [
        (by_password, {"CAMPAIGN_BOT_MATRIX_PASSWORD": by_password.password}),
        (by_token, token_env(by_token)),
    ]
    secrets = [by_password.password, by_token.token]
    for account, env in runs:
        directory = tmp_path / account.user_id
        bot = BotProcess(debug_config(directory, homeserver, account.user_id, alice.user_id), env)
        processes.append(bot)
        bot.start()
        await bot.ready()
        room = await alice.create_room([account.user_id], encrypted=True)
        await alice.wait_member(room, account.user_id, "join")
        answer = await alice.ask(room, "!facts varrp")
        assert answer.decrypted and CITATION in answer.body
        refused = await alice.ask(room, "!fact abc")
        assert "!fact" in refused.body
        bot.signal(signal.SIGTERM)
        assert await bot.exited() == 0, bot.output()[-3000:]
    saved = json.loads((tmp_path / by_password.user_id / "matrix" / "credentials.json").read_text())
    secrets.append(saved["access_token"])
    logs = [log for account, _ in runs for log in (tmp_path / account.user_id).rglob("*.log")]
    assert len(logs) == 2
    bearer = base64.b64encode(f"{by_token.user_id}:{by_password.password}".encode()).decode()
    assert leaks(f"Authorization: Bearer {by_token.token}\nBasic {bearer}", secrets[:2]) != []
    for log in logs:
        logged = log.read_text(errors="replace")
        assert " DEBUG nio" in logged, "nio logged nothing at DEBUG: the grep proves nothing"
        assert "SIGTERM received: stopping" in logged
        assert leaks(logged, secrets) == []
    # nio logs the password login's answer, token included, at DEBUG: it is blanked.
    assert "'access_token': '[redacted]'" in logs[0].read_text()

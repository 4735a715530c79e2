"""kill -9 against a real receiver: the outbox sends each alert once, and a repeat carries the same id.

A `prisonwatch deliver` process is killed while the chat holds its answer: once before the chat has
accepted the message (it arrives once on the next run), once after (the next run sends it again, and the
receiver can drop the repeat because it carries the same alert id).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from flows.alerts import build_alert
from flows.compare import Change, Observation
from flows.localserver import WebhookReceiver
from flows.pipeline import queue_alerts
from parsers import Claim
from storage import connect
from storage import queries as q


def queue_one_alert(db: Path) -> str:
    claim = Claim("releases", 393, "exact", "foro_penal", None, None, "2026-02-10", "2026-01-08", "393 releases")
    change = Change(
        "changed",
        claim.series,
        Observation("c1", claim, "http://x.test/a", "2026-02-10"),
        350,
        "2026-02-03",
        None,
        None,
        1,
        "alert",
    )
    row = build_alert(change)
    with connect(db) as con:
        queue_alerts(con, [row], digest=False)
    return row["alert_id"]


def deliver(db: Path, hook: WebhookReceiver) -> subprocess.Popen[str]:
    env = dict(os.environ, PRISONWATCH_ALERT_URLS=hook.url())
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "deliver", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def kill_when_stalled(proc: subprocess.Popen[str], hook: WebhookReceiver) -> None:
    assert hook.arrived.wait(60), "the deliver process never reached the receiver"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    hook.release()


@pytest.mark.parametrize("accepted_before_kill", [False, True], ids=["killed-before-accept", "killed-after-accept"])
def test_kill_9_during_delivery(db_path: Path, hook: WebhookReceiver, accepted_before_kill: bool) -> None:
    alert_id = queue_one_alert(db_path)
    hook.stall(record=accepted_before_kill)
    kill_when_stalled(deliver(db_path, hook), hook)
    assert len(hook.received) == (1 if accepted_before_kill else 0)
    with connect(db_path) as con:
        assert [m.message_id for m in q.pending_messages(con)] == [alert_id]  # the mark was never written

    again = deliver(db_path, hook)
    out, _ = again.communicate(timeout=60)
    assert again.returncode == 0, out
    ids = [r.body["alert_id"] for r in hook.received if isinstance(r.body, dict)]
    assert ids == [alert_id] * (2 if accepted_before_kill else 1)  # a repeat, if any, has the same id
    with connect(db_path) as con:
        assert q.pending_messages(con) == []

    third = deliver(db_path, hook)
    third.communicate(timeout=60)
    assert len(hook.received) == len(ids)  # nothing more is ever sent


def test_a_slow_chat_answer_is_not_sent_twice(db_path: Path, hook: WebhookReceiver) -> None:
    """The chat takes longer than apprise's default 4 s read timeout to answer: still one send."""
    import threading

    queue_one_alert(db_path)
    hook.stall(record=True)
    threading.Timer(6.0, hook.release).start()
    proc = deliver(db_path, hook)
    out, _ = proc.communicate(timeout=90)
    assert proc.returncode == 0, out
    again = deliver(db_path, hook)
    again.communicate(timeout=60)
    assert len(hook.received) == 1

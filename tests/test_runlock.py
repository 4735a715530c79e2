"""Overlapping runs are impossible, and a killed run leaves nothing that blocks the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from flows.runlock import RunInProgress, run_lock

HOLDER = """
import sys, time
from pathlib import Path
from flows.runlock import run_lock
with run_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def hold(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_stops_while_the_first_holds_the_lock(db_path: Path) -> None:
    holder = hold(db_path)
    try:
        with pytest.raises(RunInProgress, match=f"process {holder.pid}"), run_lock(db_path):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_run_does_not_block_the_next(db_path: Path) -> None:
    holder = hold(db_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with run_lock(db_path):
        pass  # acquired: the kernel released the dead process's lock


def test_the_flow_does_nothing_while_another_run_is_in_progress(
    prefect_harness: None, db_path: Path, tmp_path: Path
) -> None:
    from flows.monitor import monitor
    from tests.conftest import LOCAL_SETTINGS

    sources = tmp_path / "s.toml"
    sources.write_text(LOCAL_SETTINGS + '\n[[source]]\nid = "x"\nkind = "html"\nurl = "http://127.0.0.1:9/x"\n')
    holder = hold(db_path)
    try:
        summary = monitor(db_path=str(db_path), sources_file=str(sources))
    finally:
        holder.kill()
        holder.wait()
    assert summary.overlapped and not summary.ok and summary.documents == 0
    assert not db_path.exists()  # it did not even open the database

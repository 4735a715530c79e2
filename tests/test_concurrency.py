"""Reads never block the run, the run never blocks reads: two real processes on one database."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows import pipeline
from flows.collect import CollectedDocument, SourceResult
from parsers import Claim
from storage import connect
from storage.db import connect_read, publish_snapshot, snapshot_path

ANALYST = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM claims").fetchone()[0], flush=True)
deadline = time.time() + float(sys.argv[2])
while time.time() < deadline:
    con.execute("SELECT count(*) FROM latest_counts").fetchone()  # a notebook, busy reading
    time.sleep(0.05)
print(con.execute("SELECT count(*) FROM claims").fetchone()[0], flush=True)
"""


def result(run: int) -> SourceResult:
    claim = Claim(
        "releases",
        100 + run,
        "exact",
        "foro_penal",
        None,
        None,
        f"2026-01-{10 + run}",
        "2026-01-08",
        f"{100 + run} excarcelaciones",
    )
    doc = CollectedDocument(
        f"https://x.test/{run}", "s", "t", f"2026-01-{10 + run}", "es", "texto", f"h{run}", True, (claim,)
    )
    return SourceResult("s", documents=[doc])


def analyst(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", ANALYST, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.readline()  # the connection is open
    return proc


def test_an_open_snapshot_never_blocks_the_run(db_path: Path) -> None:
    pipeline.store(db_path, "r1", [result(1)])
    publish_snapshot(db_path)
    reader = analyst(snapshot_path(db_path), seconds=6)
    started = time.monotonic()
    pipeline.store(db_path, "r2", [result(2)])  # the run writes while the analyst reads
    publish_snapshot(db_path)
    assert time.monotonic() - started < 5  # it did not wait for the analyst
    out, _ = reader.communicate(timeout=30)
    assert out.split() == ["1"]  # the analyst kept a consistent view of the old snapshot
    with connect_read(snapshot_path(db_path)) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (2,)  # a new connection sees the run


def test_the_run_waits_for_a_reader_of_the_database_itself(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pipeline.store(db_path, "r1", [result(1)])
    reader = analyst(db_path, seconds=2)
    with caplog.at_level(logging.WARNING, logger="prisonwatch.storage"):
        pipeline.store(db_path, "r2", [result(2)])  # waits (within the bound) until the reader closes
    reader.communicate(timeout=30)
    assert any("locked by another process; waiting" in r.message for r in caplog.records)
    with connect(db_path) as con:
        assert con.execute("SELECT value FROM claims ORDER BY value").fetchall() == [(101,), (102,)]


def test_reads_fall_back_to_the_snapshot_while_the_run_writes(db_path: Path) -> None:
    pipeline.store(db_path, "r1", [result(1)])
    publish_snapshot(db_path)
    with connect(db_path) as writer:  # the run holds the database
        writer.execute("SELECT 1")
        with connect_read(db_path) as con:
            assert con.execute("SELECT count(*) FROM claims").fetchone() == (1,)

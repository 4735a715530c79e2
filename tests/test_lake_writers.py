"""DuckLake with a PostgreSQL (or SQLite) catalog takes several writers: two processes storing at the same
time, on a new lake, some documents in common, lose nothing and duplicate nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import connect
from tests.pgserver import create_database, postgres_server

BATCHES = 15
# One writer process: each batch is one write transaction with a document of its own and one both
# writers store (same URL, same claims), fetch records, the source's run and the series refresh.
WRITER = """
import logging, sys, time
logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
from parsers import Claim
from storage import connect
from storage import queries as q
from storage.db import write

target, name, start, batches = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])


def document(url, org, value, day):
    claims = [Claim("releases", value, "exact", org, None, None, f"2026-01-{day:02d}", "2026-01-08", "x")]
    if org == "foro_penal":
        day_s = f"2026-01-{day:02d}"
        claims.append(Claim("detentions", value // 10, "exact", "media", None, "Zulia", day_s, None, "y"))
    return q.DocumentRow(url, f"src-{name}", "t", f"2026-01-{day:02d}", "es", "texto", f"h-{url}", True,
                         tuple(claims), "test", None)


while time.time() < start:
    time.sleep(0.005)
with connect(target) as con:
    for i in range(batches):
        shared = document(f"https://news.test/shared-{i}", "government", 100 + i, i + 1)
        own = document(f"https://news.test/{name}-{i}", "foro_penal", 500 + i, i + 1)

        def body(con, i=i, shared=shared, own=own):
            fetched = [q.FetchRecord(f"src-{name}", d.url, "ok", 200, content_hash=d.content_hash)
                       for d in (shared, own)]
            q.record_fetches(con, f"run-{name}", fetched)
            added, touched = q.store_documents(con, [shared, own])
            q.record_source_runs(con, f"run-{name}-{i}", [q.SourceRun(f"src-{name}", True, None, 2, 2, added)])
            q.refresh_series(con, sorted(touched))

        write(con, body)
print("done", name)
"""


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as conninfo:
        if conninfo is None:
            pytest.skip("no PostgreSQL on this machine (.ci/run installs and starts one)")
        yield conninfo


@pytest.fixture(params=["postgres", "sqlite"])
def catalog(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty catalog: a database on the PostgreSQL server, or a SQLite file."""
    if request.param == "sqlite":
        return f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}"
    return f"ducklake:postgres:{create_database(request.getfixturevalue('postgres'))}"


def test_two_processes_write_to_one_lake_at_once(catalog: str, tmp_path: Path) -> None:
    target = catalog
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PRISONWATCH_LAKE_DATA_PATH": str(tmp_path / "lake-files") + "/", "PYTHONPATH": str(root)}
    start = time.time() + 3  # both start at once, on a lake that does not exist yet
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, target, name, str(start), str(BATCHES)],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [w.communicate(timeout=240) for w in writers]
    for w, (out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err[-3000:]
        assert out.startswith("done")
    retries = sum(err.count("writing again") for _, err in outputs)
    print(f"{retries} write transactions were run again after a conflict")
    os.environ["PRISONWATCH_LAKE_DATA_PATH"] = env["PRISONWATCH_LAKE_DATA_PATH"]
    try:
        with connect(target, read_only=True) as con:
            one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
            # The shared documents stored once (one claim each), and each writer's own (two claims each).
            assert one("SELECT count(*) FROM documents") == 3 * BATCHES
            assert one("SELECT count(DISTINCT document_id) FROM documents") == 3 * BATCHES
            assert one("SELECT count(*) FROM claims") == 5 * BATCHES
            assert one("SELECT count(DISTINCT claim_id) FROM claims") == 5 * BATCHES
            assert one("SELECT count(*) FROM fetches") == 2 * 2 * BATCHES
            assert one("SELECT count(DISTINCT fetch_id) FROM fetches") == 2 * 2 * BATCHES
            assert one("SELECT count(*) FROM source_runs") == 2 * BATCHES
            assert one("SELECT count(*) FROM schema_migrations") == one(
                "SELECT count(DISTINCT name) FROM schema_migrations"
            )
            # Each series once in series_latest, at its newest value; history equal to the claims.
            latest = con.execute("SELECT metric, org, scope, value FROM latest_counts ORDER BY ALL").fetchall()
            last = BATCHES - 1
            assert latest == [
                ("detentions", "media", "Zulia", (500 + last) // 10),
                ("releases", "foro_penal", None, 500 + last),
                ("releases", "government", None, 100 + last),
            ]
            history = con.execute(
                "SELECT series_key, as_of, value, documents FROM count_history ORDER BY ALL"
            ).fetchall()
            expected = con.execute(
                "SELECT series_key, as_of, arg_max(value, (coalesce(published, ''), created_at)), "
                "count(DISTINCT document_id) FROM claims WHERE as_of IS NOT NULL GROUP BY ALL ORDER BY ALL"
            ).fetchall()
            assert history == expected
            assert len(history) == 3 * BATCHES
    finally:
        os.environ.pop("PRISONWATCH_LAKE_DATA_PATH", None)

"""Open the DuckDB file, apply pending migrations, load the baseline."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from parsers.errors import StorageError
from storage.schema import MIGRATIONS

DEFAULT_DB = Path("data") / "prisonwatch.duckdb"
# How long a writer waits for another process to release the file ($PRISONWATCH_LOCK_WAIT seconds).
LOCK_WAIT_SECONDS = float(os.environ.get("PRISONWATCH_LOCK_WAIT", "120"))
log = logging.getLogger("prisonwatch.storage")


def default_db_path() -> Path:
    """$PRISONWATCH_DB, else data/prisonwatch.duckdb under the current directory."""
    return Path(os.environ.get("PRISONWATCH_DB") or DEFAULT_DB)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def snapshot_path(db: Path | str) -> Path:
    """The read-only copy analysts open: data/prisonwatch.read.duckdb beside data/prisonwatch.duckdb."""
    db = Path(db)
    return db.with_name(f"{db.stem}.read{db.suffix}")


def open_file(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process holds its lock (DuckDB allows one writer)."""
    deadline = time.monotonic() + wait
    delay = 0.1
    warned = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.ConnectionException as exc:  # this process already has it open another way
            raise StorageError(f"cannot open {path}: {exc}") from exc
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise StorageError(
                    f"cannot open {path}: {exc}. Another process holds the database: close it (analysts: open "
                    f"{snapshot_path(path)} instead, it never blocks a run) and retry."
                ) from exc
            if not warned:
                log.warning(
                    "%s is locked by another process; waiting up to %.0f s for it (%s)",
                    path,
                    wait,
                    str(exc).splitlines()[0][-120:],
                )
                warned = True
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@contextmanager
def connect(
    path: Path | str | None = None, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated connection, closed on exit so the file lock is held as briefly as possible."""
    db_path = Path(path) if path else default_db_path()
    if read_only and not db_path.exists():
        raise StorageError(f"no database at {db_path}: run `prisonwatch run` or `prisonwatch demo` first")
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(db_path, read_only, wait)
    try:
        if not read_only:
            migrate(con, db_path)
        yield con
    finally:
        con.close()


def migrate(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> list[str]:
    """Apply the migrations not yet recorded; return their names. Applying twice is a no-op. Before
    upgrading a database that has data, a copy of the file is kept beside it."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP)")
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    pending = [name for name, _ in MIGRATIONS if name not in done]
    if pending and done and path is not None:
        backup = path.with_name(f"{path.name}.before-{pending[0]}")
        con.execute("CHECKPOINT")
        shutil.copyfile(path, backup)
        log.warning(
            "upgrading %s (%s); a copy of the file before the upgrade is at %s", path, ", ".join(pending), backup
        )
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN")
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, now()])
        con.execute("COMMIT")
        applied.append(name)
    if applied:
        load_baseline(con)
    return applied


def baseline_data() -> dict:
    """The founding article's figures, shipped with the package."""
    return json.loads(resources.files("storage").joinpath("baseline.json").read_text(encoding="utf-8"))


def load_baseline(con: duckdb.DuckDBPyConnection) -> None:
    data = baseline_data()
    con.execute("DELETE FROM baselines")
    for f in data["figures"]:
        con.execute(
            'INSERT INTO baselines (metric, org, "group", scope, since, value, qualifier, as_of, derived, '
            "evidence, citation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                f["metric"],
                f["org"],
                f["group"],
                f["scope"],
                f["since"],
                f["value"],
                f["qualifier"],
                data["as_of"],
                f["derived"],
                f["evidence"],
                data["citation"],
            ],
        )


@contextmanager
def connect_read(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for people: the database itself when no run holds it, else the snapshot
    the last run published (so reading never waits for, nor blocks, the scheduled run)."""
    db_path = Path(path) if path else default_db_path()
    snap = snapshot_path(db_path)
    if not db_path.exists() and not snap.exists():
        raise StorageError(f"no database at {db_path}: run `prisonwatch run` or `prisonwatch demo` first")
    try:
        con = open_file(db_path, read_only=True, wait=0)
    except StorageError:
        if not snap.exists():
            raise
        log.warning("%s is being written; reading the snapshot of the last run (%s)", db_path, snap)
        con = open_file(snap, read_only=True, wait=5)
    try:
        yield con
    finally:
        con.close()


def publish_snapshot(path: Path | str | None = None) -> Path:
    """Copy the database to its read-only snapshot, atomically: analysts with the old snapshot open keep
    reading it; new connections get the new one. The writer's lock is held during the copy."""
    db_path = Path(path) if path else default_db_path()
    snap = snapshot_path(db_path)
    tmp = snap.with_name(snap.name + ".tmp")
    with connect(db_path) as con:
        con.execute("CHECKPOINT")
        shutil.copyfile(db_path, tmp)
    os.replace(tmp, snap)
    return snap

"""Open the DuckDB file, apply pending migrations, load the baseline."""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TypeVar

import duckdb

from parsers.errors import StorageError
from storage import lake
from storage.schema import MIGRATIONS

DEFAULT_DB = Path("data") / "prisonwatch.duckdb"
# How long a writer waits for another process to release the file ($PRISONWATCH_LOCK_WAIT seconds).
LOCK_WAIT_SECONDS = float(os.environ.get("PRISONWATCH_LOCK_WAIT", "120"))
# How many times a DuckLake write transaction is retried after another writer committed first.
WRITE_ATTEMPTS = int(os.environ.get("PRISONWATCH_WRITE_ATTEMPTS", "20"))
log = logging.getLogger("prisonwatch.storage")
T = TypeVar("T")


def default_db_path() -> Path:
    """$PRISONWATCH_DB (a file, or a DuckLake target such as ducklake:postgres:dbname=prisonwatch), else
    data/prisonwatch.duckdb under the current directory."""
    return Path(os.environ.get("PRISONWATCH_DB") or DEFAULT_DB)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def snapshot_path(db: Path | str) -> Path:
    """The read-only copy analysts open: data/prisonwatch.read.duckdb beside data/prisonwatch.duckdb."""
    db = Path(db)
    return db.with_name(f"{db.stem}.read{db.suffix}")


def open_file(path: Path | str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the file (or attach the DuckLake), waiting while another process holds its lock (a DuckDB file,
    like a DuckDB-file DuckLake catalog, takes one process at a time)."""
    target = str(path)
    deadline = time.monotonic() + wait
    delay = 0.1
    warned = False
    while True:
        try:
            if lake.is_lake(target):
                return lake.open_lake(target, read_only)
            return duckdb.connect(target, read_only=read_only)
        except duckdb.ConnectionException as exc:  # this process already has it open another way
            raise StorageError(f"cannot open {_shown(target)}: {exc}") from exc
        except (duckdb.IOException, duckdb.CatalogException, duckdb.BinderException) as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                hint = (
                    "Check the catalog and PRISONWATCH_LAKE_DATA_PATH."
                    if lake.is_lake(target)
                    else f"Another process holds the database: close it (analysts: open {snapshot_path(path)} "
                    "instead, it never blocks a run) and retry."
                )
                raise StorageError(f"cannot open {_shown(target)}: {exc}. {hint}") from exc
            if not warned:
                log.warning(
                    "%s is locked by another process; waiting up to %.0f s for it (%s)",
                    _shown(target),
                    wait,
                    str(exc).splitlines()[0][-120:],
                )
                warned = True
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
        except duckdb.Error as exc:
            if not lake.is_creation_race(exc) or time.monotonic() >= deadline + 10:
                raise StorageError(f"cannot open {_shown(target)}: {exc}") from exc
            time.sleep(0.2 + random.random() * 0.3)


def _shown(target: str) -> str:
    return lake.describe(target) if lake.is_lake(target) else target


@contextmanager
def connect(
    path: Path | str | None = None, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated connection, closed on exit so the file lock is held as briefly as possible."""
    db_path = Path(path) if path else default_db_path()
    on_lake = lake.is_lake(db_path)
    if read_only and not on_lake and not db_path.exists():
        raise StorageError(f"no database at {db_path}: run `prisonwatch run` or `prisonwatch demo` first")
    if not read_only and on_lake:
        lake.make_folders(str(db_path))
    elif not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(db_path, read_only, wait)
    try:
        if not read_only:
            migrate(con, db_path)
        yield con
    finally:
        con.close()


def migrate(con: duckdb.DuckDBPyConnection, path: Path | str | None = None) -> list[str]:
    """Apply the migrations not yet recorded; return their names. Applying twice is a no-op. Before
    upgrading a database that has data, a copy of the file is kept beside it (on DuckLake, the snapshot to
    go back to is logged: the lake keeps it)."""
    on_lake = on_lake_connection(con)
    adapt = lake.lake_sql if on_lake else (lambda sql: sql)

    def setup(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(adapt("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP)"))
        if on_lake:
            con.execute("CREATE TABLE IF NOT EXISTS lake_writes (version BIGINT NOT NULL)")
            if con.execute("SELECT count(*) FROM lake_writes").fetchone()[0] == 0:
                con.execute("INSERT INTO lake_writes VALUES (0)")

    write(con, setup, bump=False)  # workers starting together on a new lake: one creates, the others retry
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    pending = [name for name, _ in MIGRATIONS if name not in done]
    if pending and done and on_lake:
        snapshot = con.execute(f"SELECT max(snapshot_id) FROM ducklake_snapshots('{lake.ALIAS}')").fetchone()[0]
        log.warning(
            "upgrading the lake (%s); to read it as before the upgrade, attach it with SNAPSHOT_VERSION %s",
            ", ".join(pending),
            snapshot,
        )
    elif pending and done and path is not None:
        path = Path(path)
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

        def apply(con: duckdb.DuckDBPyConnection, name: str = name, sql: str = sql) -> bool:
            if con.execute("SELECT count(*) FROM schema_migrations WHERE name = ?", [name]).fetchone()[0]:
                return False  # another process applied it while this one waited
            con.execute(adapt(sql))
            con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, now()])
            return True

        if write(con, apply):
            applied.append(name)
    if applied:
        write(con, load_baseline)
    return applied


def on_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    """True when this connection's default catalog is the attached DuckLake."""
    return con.execute("SELECT current_database()").fetchone()[0] == lake.ALIAS


def write(con: duckdb.DuckDBPyConnection, body: Callable[[duckdb.DuckDBPyConnection], T], bump: bool = True) -> T:
    """Run body(con) in one transaction: all of it is written or none. On DuckLake several processes write
    at once; each write transaction first bumps the one-row lake_writes table, so two overlapping ones
    conflict and the later is run again from the start, seeing what the first wrote (instead of both
    appending the same rows, which DuckLake, without unique keys, would accept)."""
    on_lake = on_lake_connection(con)
    attempts = WRITE_ATTEMPTS if on_lake else 1
    for attempt in range(1, attempts + 1):
        con.execute("BEGIN")
        try:
            if on_lake and bump:
                con.execute("UPDATE lake_writes SET version = version + 1")
            result = body(con)
            con.execute("COMMIT")
            return result
        except Exception as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # a failed COMMIT has already ended the transaction
            if not (on_lake and lake.is_conflict(exc)) or attempt == attempts:
                raise
            log.info("another writer committed first; writing again (attempt %d)", attempt + 1)
            time.sleep(min(0.05 * attempt, 1.0) * (0.5 + random.random()))
    raise AssertionError("unreachable")


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
    if lake.is_lake(db_path):  # DuckLake readers see the last committed snapshot and never block writers
        con = open_file(db_path, read_only=True, wait=LOCK_WAIT_SECONDS)
        try:
            yield con
        finally:
            con.close()
        return
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


def publish_snapshot(path: Path | str | None = None) -> Path | None:
    """Copy the database to its read-only snapshot, atomically: analysts with the old snapshot open keep
    reading it; new connections get the new one. The writer's lock is held during the copy. A DuckLake
    needs none (None): its readers never block writers."""
    db_path = Path(path) if path else default_db_path()
    if lake.is_lake(db_path):
        return None
    snap = snapshot_path(db_path)
    tmp = snap.with_name(snap.name + ".tmp")
    with connect(db_path) as con:
        con.execute("CHECKPOINT")
        shutil.copyfile(db_path, tmp)
    os.replace(tmp, snap)
    return snap

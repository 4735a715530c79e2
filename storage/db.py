"""Open the DuckDB file, apply pending migrations, load the baseline."""

from __future__ import annotations

import json
import os
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
LOCK_WAIT_SECONDS = 60.0


def default_db_path() -> Path:
    """$PRISONWATCH_DB, else data/prisonwatch.duckdb under the current directory."""
    return Path(os.environ.get("PRISONWATCH_DB") or DEFAULT_DB)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _open(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process holds its lock (DuckDB allows one writer)."""
    deadline = time.monotonic() + wait
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise StorageError(
                    f"cannot open {path}: {exc}. Another process holds the database; close it and retry."
                ) from exc
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
    con = _open(db_path, read_only, wait)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded; return their names. Applying twice is a no-op."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP)")
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
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

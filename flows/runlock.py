"""One monitoring run at a time, whatever starts it (a deployment, `serve`, a manual `run`).

An exclusive, non-blocking flock on `<database>.run.lock` (on a DuckLake, which takes several writers, one
lock per lake and sources file on this machine: shards run side by side, a shard never twice). The
operating system releases it when the process ends, however it ends (kill -9 included), so a killed run
leaves nothing that blocks the next."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parsers.errors import PrisonwatchError
from storage.lake import is_lake


class RunInProgress(PrisonwatchError):
    """Another monitoring run holds the lock."""


def lock_path(db: Path, shard: str = "") -> Path:
    if is_lake(db):
        digest = hashlib.sha256(f"{db}\n{shard}".encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"prisonwatch-{digest}.run.lock"
    return db.with_name(db.name + ".run.lock")


@contextmanager
def run_lock(db: Path, shard: str = "") -> Iterator[None]:
    """Hold the run lock of this database (of this shard, on a lake) or raise RunInProgress."""
    path = lock_path(db, shard)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise RunInProgress(
                f"another monitoring run is in progress on {path.name} (process {holder}); this one "
                "stops without doing anything"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock

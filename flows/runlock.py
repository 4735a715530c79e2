"""One monitoring run at a time, whatever starts it (a deployment, `serve`, a manual `run`).

An exclusive, non-blocking flock on `<database>.run.lock`. The operating system releases it when the
process ends, however it ends (kill -9 included), so a killed run leaves nothing that blocks the next."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parsers.errors import PrisonwatchError


class RunInProgress(PrisonwatchError):
    """Another monitoring run holds the lock."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".run.lock")


@contextmanager
def run_lock(db: Path) -> Iterator[None]:
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise RunInProgress(
                f"another monitoring run is in progress on {db} (process {holder}); this one "
                "stops without doing anything"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock

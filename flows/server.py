"""A local Prefect server for `prisonwatch serve` when the user has none configured."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

STARTUP_SECONDS = 120


@contextmanager
def local_prefect_server(port: int = 4200) -> Iterator[str]:
    """Yield PREFECT_API_URL: the configured one, or a server started here (and stopped on exit)."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    api = f"http://127.0.0.1:{port}/api"
    print(f"No PREFECT_API_URL set: starting a local Prefect server on 127.0.0.1:{port} (stopped on exit).")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the Prefect server exited with status {proc.returncode}; is port {port} free?")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        else:
            raise RuntimeError(f"the Prefect server did not answer within {STARTUP_SECONDS}s")
        os.environ["PREFECT_API_URL"] = api
        yield api
    finally:
        os.environ.pop("PREFECT_API_URL", None) if not configured else None
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

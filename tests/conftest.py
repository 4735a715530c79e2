"""Shared fixtures: a fresh DuckDB file, real local servers, and one Prefect test harness per session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Prefect reads these when it is imported: keep its state out of the user's home and offline.
_PREFECT_HOME = tempfile.mkdtemp(prefix="prisonwatch-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "300"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("PRISONWATCH_ALERT_URLS", None)

from flows.localserver import SiteServer, WebhookReceiver  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# [settings] for sources served on 127.0.0.1 by the tests: loopback allowed, no waiting, no retries.
LOCAL_SETTINGS = (
    "[settings]\nretries = 0\nretry_backoff_seconds = 0\ntimeout_seconds = 5\nallow_loopback = true\n"
    "per_host_interval_seconds = 0\n"
)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A real Prefect API (temporary, SQLite) for the whole session; it costs seconds to start."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prisonwatch.duckdb"


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        yield server


@pytest.fixture
def hook() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or skip the test when this checkout has no shared folder beside it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path

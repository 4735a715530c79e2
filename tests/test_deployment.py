"""The documented operations path, for real, on 127.0.0.1: a Prefect server, a process work pool, a
deployment from the repository's prefect.yaml, a process worker, one triggered run against local sources,
then the DuckDB file and the delivered alert are checked and every process is stopped by its id."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from flows.localserver import SiteServer, WebhookReceiver
from storage import connect
from tests.conftest import LOCAL_SETTINGS

pytestmark = pytest.mark.deployment
ROOT = Path(__file__).resolve().parents[1]
BOUND_SECONDS = 240
ARTICLE = (
    "<html><head><title>Balance</title></head><body><article><p>Foro Penal informó que al 2 de febrero de "
    "2026 hay 687 presos políticos en Venezuela.</p></article></body></html>"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    port = free_port()
    env = dict(
        os.environ,
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    env.pop("PRISONWATCH_ALERT_URLS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert server.poll() is None, "the Prefect server exited"
            try:
                if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        else:
            pytest.fail("the Prefect server did not answer within 120 s")
        yield env
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


def prefect(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "prefect", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_deploy_and_run_through_a_worker(
    prefect_server: dict[str, str], site: SiteServer, hook: WebhookReceiver, tmp_path: Path
) -> None:
    env = prefect_server
    site.put("/a1", ARTICLE)
    site.put(
        "/feed",
        f"<rss version='2.0'><channel><title>t</title><item><title>a</title><link>{site.url('/a1')}"
        "</link></item></channel></rss>",
        "application/rss+xml",
    )
    sources = tmp_path / "sources.toml"
    sources.write_text(
        LOCAL_SETTINGS + f'\n[[source]]\nid = "local"\nkind = "rss"\nurl = "{site.url("/feed")}"\nlang = "es"\n'
    )
    db = tmp_path / "ops.duckdb"
    started = time.monotonic()

    prefect(env, "work-pool", "create", "prisonwatch", "--type", "process", "--overwrite")
    prefect(env, "--no-prompt", "deploy", "--all")
    out = prefect(
        env,
        "deployment",
        "run",
        "prisonwatch-monitor/prisonwatch-monitor",
        "--param",
        f"db_path={db}",
        "--param",
        f"sources_file={sources}",
    )
    assert "prisonwatch-monitor" in out
    worker_env = dict(env, PRISONWATCH_ALERT_URLS=hook.url())
    worker = subprocess.run(
        [sys.executable, "-m", "prefect", "worker", "start", "--pool", "prisonwatch", "--run-once"],
        env=worker_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert time.monotonic() - started < BOUND_SECONDS

    with connect(db) as con:
        assert con.execute("SELECT metric, value, org FROM claims").fetchall() == [
            ("political_prisoners", 687, "foro_penal")
        ]
    messages = [r.body["message"] for r in hook.received if isinstance(r.body, dict)]
    assert len(messages) == 1 and "687" in messages[0]
    runs = httpx.post(f"{env['PREFECT_API_URL']}/flow_runs/filter", json={}, timeout=10).json()
    states = [r["state_type"] for r in runs if r["deployment_id"]]
    assert states.count("COMPLETED") == 1 and "SCHEDULED" in states  # the run, and the cron's next ones
    assert not {"FAILED", "CRASHED"} & set(states)

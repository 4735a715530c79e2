"""The whole pipeline under Prefect's test harness, against a real local site and a real webhook.

Pages are written for this test. Runs: 1 stores claims and alerts; 2 (nothing changed) sends nothing
and extracts nothing; 3 (one count moved) sends exactly one alert with the right numbers; 4-5 a chat
outage: the alert waits in the outbox and arrives once on the next run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.localserver import SiteServer, WebhookReceiver
from storage import connect
from tests.conftest import LOCAL_SETTINGS

pytestmark = pytest.mark.e2e

ARTICLE_1 = (
    "<html><head><title>Balance semanal</title>"
    '<meta property="article:published_time" content="2026-02-03T10:00:00-04:00"></head>'
    "<body><nav>menu</nav><article><p>Foro Penal informó que al 2 de febrero de 2026 hay 687 presos "
    "políticos en Venezuela.</p><p>La organización contabilizó 350 excarcelaciones de presos políticos "
    "desde el 8 de enero.</p></article></body></html>"
)
ARTICLE_2 = (
    "<html><head><title>Nuevo balance</title>"
    '<meta property="article:published_time" content="2026-02-10T10:00:00-04:00"></head>'
    "<body><article><p>Foro Penal contabilizó 393 excarcelaciones de presos políticos en Venezuela desde "
    "el 8 de enero.</p></article></body></html>"
)
ARTICLE_3 = (
    "<html><head><title>Otro balance</title>"
    '<meta property="article:published_time" content="2026-02-17T10:00:00-04:00"></head>'
    "<body><article><p>Según Foro Penal, al 16 de febrero quedan 640 presos políticos en Venezuela.</p>"
    "</article></body></html>"
)


def feed(site: SiteServer, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


@pytest.fixture
def sources_file(tmp_path: Path, site: SiteServer) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        LOCAL_SETTINGS + "\n"
        f'[[source]]\nid = "foro"\nkind = "rss"\nurl = "{site.url("/feed/")}"\nlang = "es"\n\n'
        f'[[source]]\nid = "broken"\nkind = "html"\nurl = "{site.url("/missing")}"\n',
        encoding="utf-8",
    )
    return path


def alert_values(hook: WebhookReceiver) -> list[tuple[str, int | None, int]]:
    """(alert id, old, new) of every count alert received (source-health messages left out)."""
    out = []
    for r in hook.received:
        assert isinstance(r.body, dict)
        if r.body["message"].startswith("Source "):
            continue
        out.append((r.body["alert_id"], *_old_new(r.body["message"])))
    return out


def health_messages(hook: WebhookReceiver) -> list[str]:
    return [
        r.body["message"].split("\n")[0]
        for r in hook.received
        if isinstance(r.body, dict) and r.body["message"].startswith("Source ")
    ]


def _old_new(message: str) -> tuple[int | None, int]:
    import re

    m = re.search(r"Changed [a-z ]+: ([\d,]+) \(.*?\) -> ([\d,]+)", message)
    if m:
        return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
    m = re.search(r"New figure: ([\d,]+)", message)
    assert m, message
    return None, int(m.group(1).replace(",", ""))


def test_pipeline_runs_end_to_end(
    prefect_harness: None,
    site: SiteServer,
    hook: WebhookReceiver,
    db_path: Path,
    sources_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.monitor import run_once  # as `prisonwatch run` starts it

    monkeypatch.setenv("PRISONWATCH_ALERT_URLS", hook.url())
    site.put("/a1", ARTICLE_1)
    site.put("/feed/", feed(site, ["/a1"]), "application/rss+xml")

    # run 1: claims stored, one alert per new series, the broken source recorded without stopping others
    s1 = run_once(db_path=str(db_path), sources_file=str(sources_file))
    assert s1.failed_sources == ["broken"]
    assert sorted(v[1:] for v in alert_values(hook)) == [(None, 350), (None, 687)]
    with connect(db_path) as con:
        claims = con.execute("SELECT metric, value, org FROM claims ORDER BY value").fetchall()
        errors = con.execute("SELECT error FROM fetches WHERE source_id = 'broken'").fetchall()
    assert ("political_prisoners", 687, "foro_penal") in claims and ("releases", 350, "foro_penal") in claims
    assert errors and "HTTP 404" in errors[0][0]

    # run 2: nothing changed: 304 on the feed, no extraction, no alert
    requests_before = len(site.requests)
    s2 = run_once(db_path=str(db_path), sources_file=str(sources_file))
    assert (s2.documents, s2.claims_added, s2.alerts_written) == (0, 0, 0)
    assert len(alert_values(hook)) == 2
    assert ("/feed/", 304) in site.requests[requests_before:]

    # run 3: one count moved: exactly one alert with the right numbers
    site.put("/a2", ARTICLE_2)
    site.put("/feed/", feed(site, ["/a2", "/a1"]), "application/rss+xml")
    s3 = run_once(db_path=str(db_path), sources_file=str(sources_file))
    assert s3.alerts_written == 1
    assert alert_values(hook)[2][1:] == (350, 393)
    assert "393" in hook.received[2].body["message"] and "+43" in hook.received[2].body["message"]

    # runs 4-5: the chat fails once; the alert waits in the outbox and arrives once on the next run
    hook.fail_next(1)
    site.put("/a3", ARTICLE_3)
    site.put("/feed/", feed(site, ["/a3", "/a2", "/a1"]), "application/rss+xml")
    s4 = run_once(db_path=str(db_path), sources_file=str(sources_file))
    assert s4.alerts_written == 1 and s4.delivery is not None and s4.delivery.pending == 1
    assert len(alert_values(hook)) == 3
    s5 = run_once(db_path=str(db_path), sources_file=str(sources_file))
    assert s5.alerts_written == 0 and s5.delivery is not None and s5.delivery.sent == 1
    s6 = run_once(db_path=str(db_path), sources_file=str(sources_file))
    assert s6.delivery is not None and s6.delivery.sent == 0
    ids = [v[0] for v in alert_values(hook)]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert alert_values(hook)[3][1:] == (687, 640)
    # the broken source failed every run: one "source down" message, once, after the third
    assert [m.split(":")[0] for m in health_messages(hook)] == ["Source down"]


def test_cli_run_exits_2_when_a_source_fails(
    prefect_harness: None, site: SiteServer, db_path: Path, sources_file: Path
) -> None:
    from flows.cli import app

    site.put("/feed/", feed(site, []), "application/rss+xml")
    result = CliRunner().invoke(app, ["run", "--db", str(db_path), "--sources", str(sources_file)])
    assert result.exit_code == 2, result.output
    assert "failed sources: broken" in result.output


def test_the_flow_reads_pages_in_worker_processes_when_asked(
    prefect_harness: None, site: SiteServer, db_path: Path, tmp_path: Path
) -> None:
    """`parse_processes = 2`: the same claims as reading in the run's own process (test above)."""
    from flows.monitor import monitor

    sources = tmp_path / "sources.toml"
    sources.write_text(
        LOCAL_SETTINGS + "parse_processes = 2\n\n"
        f'[[source]]\nid = "foro"\nkind = "rss"\nurl = "{site.url("/feed/")}"\nlang = "es"\n',
        encoding="utf-8",
    )
    site.put("/a1", ARTICLE_1)
    site.put("/a3", ARTICLE_3)
    site.put("/feed/", feed(site, ["/a1", "/a3"]), "application/rss+xml")
    summary = monitor(db_path=str(db_path), sources_file=str(sources))
    assert summary.ok and summary.documents == 2
    with connect(db_path) as con:
        claims = con.execute("SELECT metric, value, org, as_of FROM claims ORDER BY value").fetchall()
    assert claims == [
        ("releases", 350, "foro_penal", "2026-02-03"),
        ("political_prisoners", 640, "foro_penal", "2026-02-16"),
        ("political_prisoners", 687, "foro_penal", "2026-02-02"),
    ]

"""`prisonwatch doctor` finds what is wrong and says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.doctor import run_checks
from flows.localserver import SiteServer, WebhookReceiver
from storage import connect
from tests.conftest import LOCAL_SETTINGS


def by_area(checks):  # type: ignore[no-untyped-def]
    return {(c.area, c.status) for c in checks}


def test_a_healthy_setup(
    db_path: Path, tmp_path: Path, site: SiteServer, hook: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.put("/feed", "<rss version='2.0'><channel><title>t</title></channel></rss>", "application/rss+xml")
    sources = tmp_path / "s.toml"
    sources.write_text(LOCAL_SETTINGS + f'\n[[source]]\nid = "feed"\nkind = "rss"\nurl = "{site.url("/feed")}"\n')
    with connect(db_path):
        pass
    monkeypatch.setenv("PRISONWATCH_ALERT_URLS", hook.url())
    checks = run_checks(db_path, sources, send_test=True)
    assert not [c for c in checks if c.status == "fail"], checks
    assert ("source feed", "ok") in by_area(checks) and ("alerts", "ok") in by_area(checks)
    assert [r.body["message"] for r in hook.received if isinstance(r.body, dict)] == [
        "A test message from `prisonwatch doctor --send-test`."
    ]


def test_problems_are_named_with_what_to_do(
    db_path: Path, tmp_path: Path, site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "s.toml"
    sources.write_text(LOCAL_SETTINGS + f'\n[[source]]\nid = "gone"\nkind = "rss"\nurl = "{site.url("/gone")}"\n')
    monkeypatch.setenv("PRISONWATCH_ALERT_URLS", "notascheme://nothing")
    checks = run_checks(db_path, sources)
    failures = {c.area: c.message for c in checks if c.status == "fail"}
    assert "HTTP 404" in failures["source gone"] and "fix or remove the source" in failures["source gone"]
    assert "not a valid apprise URL" in failures["alerts"]
    assert any(c.area == "database" and "first run creates it" in c.message for c in checks)


def test_a_bad_configuration_is_a_failure(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nid = "a"\nkind = "carrier-pigeon"\nurl = "https://x.test"\n')
    checks = run_checks(db_path, bad, network=False)
    assert ("configuration", "fail") in by_area(checks)

"""Weeks of reporting replayed through the real flow: the exact alerts expected after every run.

Documents are written for this test (Spanish and English, shaped like Foro Penal balances and press
items). One run per simulated week, against a local site and a local chat webhook, under Prefect.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.localserver import SiteServer, WebhookReceiver
from tests.conftest import LOCAL_SETTINGS

pytestmark = pytest.mark.e2e

WEEKS: list[tuple[str, list[tuple[str, str]], list[tuple[str, int | None, int]]]] = [
    # (published, pages this week [(path, text)], alerts expected after the run [(outcome word, old, new)])
    (
        "2026-01-10",
        [
            (
                "/fp-1",
                "Foro Penal confirmó 80 excarcelaciones de presos políticos en Venezuela desde el 8 de enero, "
                "al 10 de enero.",
            )
        ],
        [("New figure", None, 80)],
    ),
    (
        "2026-01-10",
        [
            (
                "/fp-2",
                "Foro Penal corrigió su conteo: son 104 las excarcelaciones de presos políticos en Venezuela "
                "desde el 8 de enero, al 10 de enero.",
            )
        ],
        [("Revised", 80, 104)],
    ),
    (
        "2026-01-11",
        [
            (
                "/news-1",
                "According to Foro Penal, 104 political prisoners have been released in Venezuela since January 8.",
            )
        ],
        [],
    ),  # the same figure from another document: corroborated, not alerted again
    (
        "2026-01-15",
        [
            (
                "/fp-3",
                "Foro Penal contabilizó 150 excarcelaciones de presos políticos en Venezuela desde el 8 de enero, "
                "al 15 de enero.",
            )
        ],
        [("Changed", 104, 150)],
    ),
    (
        "2026-01-16",
        [
            (
                "/fp-4",
                "Foro Penal contabilizó 140 excarcelaciones de presos políticos en Venezuela desde el 8 de enero, "
                "al 16 de enero.",
            )
        ],
        [],
    ),  # a cumulative count that goes down: flagged as reversed, never announced as a fall
    (
        "2026-01-20",
        [("/news-2", "Some 600 political prisoners remain behind bars in Venezuela.")],
        [],
    ),  # an unattributed press figure seen once
    (
        "2026-01-21",
        [("/news-3", "About 600 political prisoners remain behind bars in Venezuela.")],
        [("Changed", 1800, 600)],  # in a second document it moves the press series (baseline: ~1,800 held)
    ),
]


def page(title: str, published: str, text: str) -> str:
    return (
        f"<html><head><title>{title}</title><meta property='article:published_time' "
        f"content='{published}T09:00:00-04:00'></head><body><article><p>{text}</p></article></body></html>"
    )


def feed(site: SiteServer, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>" for p in reversed(paths))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def summary(message: str) -> tuple[str, int | None, int]:
    m = re.search(r"(Changed|Revised) [a-z ]+: ([\d,]+) \(.*?\) -> (?:[a-z ]+)?([\d,]+)", message)
    if m:
        return m.group(1), int(m.group(2).replace(",", "")), int(m.group(3).replace(",", ""))
    m = re.search(r"New figure: (?:[a-z ]+)?([\d,]+)", message)
    assert m, message
    return "New figure", None, int(m.group(1).replace(",", ""))


def test_weeks_of_reporting_give_exactly_the_expected_alerts(
    prefect_harness: None,
    site: SiteServer,
    hook: WebhookReceiver,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.monitor import monitor

    monkeypatch.setenv("PRISONWATCH_ALERT_URLS", hook.url())
    sources = tmp_path / "sources.toml"
    sources.write_text(
        LOCAL_SETTINGS + "max_items_per_source = 50\n\n"
        f'[[source]]\nid = "weekly"\nkind = "rss"\nurl = "{site.url("/feed/")}"\n',
        encoding="utf-8",
    )
    published: list[str] = []
    for week, (date, pages, expected) in enumerate(WEEKS, 1):
        for path, text in pages:
            site.put(path, page(path, date, text))
            published.append(path)
        site.put("/feed/", feed(site, published), "application/rss+xml")
        before = len(hook.received)
        monitor(db_path=str(db_path), sources_file=str(sources))
        got = [summary(r.body["message"]) for r in hook.received[before:] if isinstance(r.body, dict)]
        assert got == expected, f"week {week}"

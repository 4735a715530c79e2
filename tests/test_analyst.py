"""Analyst commands on a database (a DuckDB file, and a DuckLake) built by a backfill of documents written
for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.analyst import backfill, chart, export, prune, reextract
from storage import connect
from storage import queries as q

WEEKS = [
    ("2026-01-12", "Foro Penal contabilizó 90 excarcelaciones de presos políticos en Venezuela desde el 8 de enero."),
    ("2026-01-19", "Foro Penal contabilizó 150 excarcelaciones de presos políticos en Venezuela desde el 8 de enero."),
    (
        "2026-01-19",
        "Foro Penal corrigió: son 160 las excarcelaciones de presos políticos en Venezuela desde el 8 de enero.",
    ),
    ("2026-01-26", "Foro Penal contabilizó 260 excarcelaciones de presos políticos en Venezuela desde el 8 de enero."),
    ("2026-01-26", "El Gobierno de Venezuela dijo que 500 personas fueron excarceladas desde el 8 de enero."),
]


@pytest.fixture(params=["file", "ducklake"])
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The analyst commands on a DuckDB file and on a DuckLake."""
    if request.param == "ducklake":
        return Path(f"ducklake:{tmp_path / 'catalog.ducklake'}")
    return tmp_path / "prisonwatch.duckdb"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, (published, text) in enumerate(WEEKS):
            f.write(
                json.dumps({"url": f"https://archive.test/{i}", "published": published, "text": text, "lang": "es"})
                + "\n"
            )
    return path


@pytest.fixture
def filled(db_path: Path, archive: Path) -> Path:
    docs, added = backfill(db_path, archive)
    assert (docs, added) == (5, 5)
    return db_path


def test_backfill_builds_history_without_alerts(filled: Path) -> None:
    with connect(filled) as con:
        rows = q.history(con, "releases", "foro_penal")
        assert con.execute("SELECT count(*) FROM messages").fetchone() == (0,)
    assert [(r[4], r[5], r[7]) for r in rows] == [
        ("2026-01-12", 90, False),
        ("2026-01-19", 160, True),
        ("2026-01-26", 260, False),
    ]


def test_views_answer_the_common_questions(filled: Path) -> None:
    with connect(filled) as con:
        latest = {r[1]: r[5] for r in q.latest_counts(con) if r[0] == "releases"}
        compared = con.execute(
            "SELECT metric, baseline_value, latest_value FROM baseline_comparison WHERE metric = 'releases'"
        ).fetchall()
        health = con.execute("SELECT source_id, documents, claims FROM source_health").fetchall()
    assert latest == {"foro_penal": 260, "government": 500}
    assert compared == [("releases", 131, None)]  # the baseline series has no "since": a new wave is another series
    assert health == [("backfill", 5, 5)]


def test_export_writes_every_view_and_table(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    written = export(filled, out, "parquet")
    assert {p.stem for p in written} >= {
        "latest_counts",
        "count_history",
        "claims_with_source",
        "changes",
        "baseline_comparison",
        "source_health",
        "claims",
        "documents",
    }
    rows = duckdb.sql(f"SELECT value FROM read_parquet('{out / 'latest_counts.parquet'}') ORDER BY value").fetchall()
    assert rows == [(260,), (500,)]
    assert export(filled, tmp_path / "csv", "csv")[0].read_text().startswith("metric,")


def test_chart_is_a_real_image_with_content(filled: Path, tmp_path: Path) -> None:
    import matplotlib.image

    png, svg = chart(filled, "releases", tmp_path / "releases.png")
    pixels = matplotlib.image.imread(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pixels.shape[0] > 400 and pixels.shape[1] > 800
    assert pixels.std() > 0.05  # lines, labels and a legend, not a blank canvas
    assert svg.read_text().lstrip().startswith("<?xml") and "baseline" in svg.read_text()


def test_reextract_shows_then_applies_what_changed(filled: Path) -> None:
    with connect(filled) as con:
        con.execute("DELETE FROM claims WHERE value = 260")
    dry = reextract(filled)
    assert dry.changed_documents == 1 and [c.value for _, c in dry.added] == [260] and dry.removed == []
    with connect(filled) as con:
        assert con.execute("SELECT count(*) FROM claims WHERE value = 260").fetchone() == (0,)
    applied = reextract(filled, apply=True)
    assert applied.changed_documents == 1
    with connect(filled) as con:
        assert con.execute("SELECT count(*) FROM claims WHERE value = 260").fetchone() == (1,)
    assert reextract(filled).changed_documents == 0


def test_prune_drops_old_bodies_and_keeps_claims(filled: Path) -> None:
    with connect(filled) as con:
        con.execute("UPDATE documents SET first_seen = first_seen - INTERVAL 400 DAY WHERE url LIKE '%/0'")
    assert prune(filled, 365) == 1
    with connect(filled) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE text IS NULL").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (5,)


def test_backfill_alert_flag_writes_alerts(db_path: Path, archive: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "backfill", str(archive), "--alert", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone()[0] >= 1

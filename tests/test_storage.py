"""Storage, on both backends (a DuckDB file, and DuckLake with a DuckDB-file catalog and a data folder):
migrations apply once, writes are idempotent, the baseline is loaded, series are kept up to date."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from parsers import Claim
from storage import connect, migrate
from storage import queries as q
from storage.db import on_lake_connection, open_file
from storage.lake import lake_sql
from storage.schema import MIGRATIONS

CLAIM = Claim("releases", 350, "exact", "foro_penal", None, None, "2026-02-04", "2026-01-08", "350 excarcelaciones")


@pytest.fixture(params=["file", "ducklake"])
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The same tests on a DuckDB file and on a DuckLake (its data files in a folder beside the catalog)."""
    if request.param == "ducklake":
        return Path(f"ducklake:{tmp_path / 'catalog.ducklake'}")
    return tmp_path / "prisonwatch.duckdb"


def test_backend_is_the_one_asked_for(db_path: Path, tmp_path: Path) -> None:
    on_lake = str(db_path).startswith("ducklake:")
    with connect(db_path) as con:
        assert on_lake_connection(con) == on_lake
        _store(con, [CLAIM])
        if on_lake:  # each committed write is a lake snapshot
            assert con.execute("SELECT count(*) FROM ducklake_snapshots('prisonwatch_lake')").fetchone()[0] > 2
    assert (tmp_path / "catalog.ducklake").exists() == on_lake
    assert (tmp_path / "prisonwatch.duckdb").exists() != on_lake


def _store(  # type: ignore[no-untyped-def]
    con, claims: list[Claim], digest: str = "h1", url: str = "https://x.test/a", published: str = "2026-02-05"
) -> tuple[str, int, set[str]]:
    return q.store_document(
        con,
        url=url,
        source_id="s",
        title="t",
        published=published,
        lang="es",
        text="texto",
        content_hash=digest,
        relevant=True,
        claims=claims,
        extractor_version="test",
    )


def test_migrations_apply_once(db_path: Path) -> None:
    with connect(db_path) as con:
        assert migrate(con) == []
        names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
    assert names == sorted(name for name, _ in MIGRATIONS)


def test_baseline_is_loaded(db_path: Path) -> None:
    with connect(db_path) as con:
        base = q.baselines(con)
    assert base[("releases", "foro_penal", None, None, None)][0] == 131


def test_registering_sources_writes_only_what_changed(db_path: Path) -> None:
    """A run registers the configured sources; unchanged ones are not rewritten (nor their `updated_at`)."""
    sources = [
        {"id": "a", "kind": "rss", "url": "https://a.example/feed", "lang": "es", "selector": None},
        {"id": "b", "kind": "html", "url": "https://b.example/", "lang": None, "selector": "article"},
    ]
    with connect(db_path) as con:
        q.register_sources(con, sources)
        stamps = dict(con.execute("SELECT source_id, updated_at FROM sources").fetchall())
        q.register_sources(con, [sources[0], {**sources[1], "url": "https://b.example/new"}])
        after = {r[0]: r[1:] for r in con.execute("SELECT source_id, url, updated_at FROM sources").fetchall()}
    assert after["a"] == ("https://a.example/feed", stamps["a"])
    assert after["b"][0] == "https://b.example/new" and after["b"][1] > stamps["b"]


def test_storing_the_same_document_twice_adds_nothing(db_path: Path) -> None:
    with connect(db_path) as con:
        assert _store(con, [CLAIM])[1] == 1
        assert _store(con, [CLAIM])[1] == 0
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_changed_document_replaces_its_claims(db_path: Path) -> None:
    newer = Claim("releases", 380, "exact", "foro_penal", None, None, "2026-02-11", "2026-01-08", "380")
    with connect(db_path) as con:
        _store(con, [CLAIM])
        _store(con, [newer], digest="h2")
        values = [r[0] for r in con.execute("SELECT value FROM claims").fetchall()]
    assert values == [380]


def test_read_only_connection_sees_latest_counts(db_path: Path) -> None:
    with connect(db_path) as con:
        _, _, touched = _store(con, [CLAIM])
        q.refresh_series(con, sorted(touched))
    with connect(db_path, read_only=True) as con:
        rows = q.latest_counts(con)
    assert [(r[0], r[1], r[5]) for r in rows] == [("releases", "foro_penal", 350)]


def test_upgrade_moves_pending_alerts_into_the_outbox(db_path: Path) -> None:
    """A database made before the messages table keeps its pending alert, now as a pending message."""
    con = open_file(db_path, read_only=False, wait=0)
    adapt = lake_sql if on_lake_connection(con) else str
    con.execute(adapt("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP)"))
    for name, sql in MIGRATIONS[:2]:
        con.execute(adapt(sql))
        con.execute("INSERT INTO schema_migrations VALUES (?, now())", [name])
    con.execute(
        "INSERT INTO alerts (alert_id, outcome, metric, org, new_value, claim_id, message, payload, created_at) "
        "VALUES ('a1', 'changed', 'releases', 'foro_penal', 350, 'c1', 'body', '{}', now())"
    )
    con.execute("INSERT INTO deliveries VALUES ('a1', 'json:x', 'failed', 1, 'down', now())")
    con.close()
    with connect(db_path) as con:
        assert [m.message_id for m in q.pending_messages(con)] == ["a1"]
        assert q.delivered_destinations(con, "a1") == set()
        assert con.execute("SELECT message_id FROM alerts").fetchall() == [("a1",)]


def test_series_keys_agree_in_python_and_sql(db_path: Path) -> None:
    from storage.schema import SERIES_KEY_SQL

    with connect(db_path) as con:
        _store(
            con, [CLAIM, Claim("political_prisoners", 687, "exact", "foro_penal", "women", "Tocorón", None, None, "x")]
        )
        rows = con.execute(
            f'SELECT series_key, {SERIES_KEY_SQL}, metric, org, "group", scope, since FROM claims'
        ).fetchall()
    for stored_key, sql_key, *series in rows:
        assert stored_key == sql_key == q.series_key(*series)


def test_latest_counts_follow_newer_claims_and_deletions(db_path: Path) -> None:
    newer = Claim("releases", 380, "exact", "foro_penal", None, None, "2026-02-11", "2026-01-08", "380")
    with connect(db_path) as con:
        _, _, keys = _store(con, [CLAIM])
        q.refresh_series(con, sorted(keys))
        _, _, keys = _store(con, [newer], digest="h9", url="https://x.test/b", published="2026-02-12")
        q.refresh_series(con, sorted(keys))
        assert [r[5] for r in q.latest_counts(con)] == [380]
        _, _, keys = _store(con, [], digest="h10", url="https://x.test/b", published="2026-02-12")
        q.refresh_series(con, sorted(keys))
        assert [r[5] for r in q.latest_counts(con)] == [350]


HISTORY_FROM_CLAIMS = """
    SELECT series_key, as_of, arg_max(value, (coalesce(published, ''), created_at)), count(DISTINCT document_id),
           count(DISTINCT value) > 1
    FROM claims WHERE as_of IS NOT NULL GROUP BY ALL ORDER BY ALL
"""


def _history(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT series_key, as_of, value, documents, revised FROM count_history ORDER BY ALL").fetchall()


def test_history_kept_per_series_matches_the_claims(db_path: Path) -> None:
    """series_history is rebuilt only for touched series; it must always equal the history computed from claims."""
    revised = Claim("releases", 352, "exact", "foro_penal", None, None, "2026-02-04", "2026-01-08", "352")
    other = Claim("detentions", 12, "exact", "media", None, "Zulia", "2026-02-03", None, "12 detenidos")
    with connect(db_path) as con:
        _, _, keys = _store(con, [CLAIM, other])
        q.refresh_series(con, sorted(keys))
        assert _history(con) == con.execute(HISTORY_FROM_CLAIMS).fetchall()
        assert len(_history(con)) == 2
        _, _, keys = _store(con, [revised], digest="h2", url="https://x.test/b", published="2026-02-06")
        q.refresh_series(con, sorted(keys))
        rows = _history(con)
        assert rows == con.execute(HISTORY_FROM_CLAIMS).fetchall()
        releases = [r for r in rows if r[0] == q.series_key("releases", "foro_penal", None, None, "2026-01-08")]
        assert [(r[2], r[3], r[4]) for r in releases] == [(352, 2, True)]
        _, _, keys = _store(con, [], digest="h3")  # the first document now says nothing
        q.refresh_series(con, sorted(keys))
        assert _history(con) == con.execute(HISTORY_FROM_CLAIMS).fetchall()
        assert [r[2:] for r in _history(con) if r[0] == releases[0][0]] == [(352, 1, False)]


def test_upgrade_fills_the_series_history(db_path: Path) -> None:
    """A database made before series_history existed gets it filled from its claims on upgrade."""
    with connect(db_path) as con:
        # Put the database back to before the last migration, with a claim in it.
        _, _, keys = _store(con, [CLAIM])
        con.execute("DELETE FROM schema_migrations WHERE name = ?", [MIGRATIONS[-1][0]])
        con.execute("DROP VIEW count_history")
        con.execute("DROP TABLE series_history")
        assert migrate(con) == [MIGRATIONS[-1][0]]
        assert _history(con) == con.execute(HISTORY_FROM_CLAIMS).fetchall() != []

"""Analyst queries at scale: a synthetic database of N claims over 5,000 series and 10 years.

usage: uv run python bench/analytics.py [--claims 10000000] [--db PATH] [--keep]

Measures, on this machine: bulk ingestion (claims per second, in batches of 100,000 through the same
`insert_claims_batch` the backfill path uses), refreshing `series_latest` and `series_history` (all series,
and the ten a run touches), the `latest_counts` view, a one-series `count_history` query, and the size of
the file. Targets: latest_counts <= 100 ms,
one-series history <= 50 ms, ingestion >= 100,000 claims/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage import connect  # noqa: E402
from storage import queries as q  # noqa: E402

METRICS = np.array(
    ["political_prisoners", "releases", "detentions", "releases_announced", "disappeared", "restricted_liberty"]
)
ORGS = np.array(["foro_penal", "government", "media", "other_ngo", "other"])
SERIES = 5_000
DAYS = 3_650
BATCH = 100_000


def series_table() -> list[tuple[str, str, str | None, str | None, str | None]]:
    """5,000 series: 6 metrics x 5 claimants x 167 places (one of them national)."""
    out = []
    for i in range(SERIES):
        metric, org = METRICS[i % len(METRICS)], ORGS[(i // len(METRICS)) % len(ORGS)]
        place = i // (len(METRICS) * len(ORGS))
        out.append((str(metric), str(org), None, None if place == 0 else f"place-{place}", None))
    return out


def batch(start: int, size: int, series: list[tuple], keys: np.ndarray, base_day: np.datetime64) -> pa.Table:
    idx = np.arange(start, start + size)
    s = idx % SERIES
    day = base_day + (idx * DAYS // max(1, ARGS.claims)).astype("timedelta64[D]")
    as_of = day.astype(str)
    cols = {
        "claim_id": pa.array([f"c{i:012d}" for i in idx]),
        "document_id": pa.array([f"d{i // 5:011d}" for i in idx]),
        "series_key": pa.array(keys[s]),
        "metric": pa.array([series[j][0] for j in s]),
        "value": pa.array((idx // SERIES) % 5000 + s % 97, type=pa.int64()),
        "qualifier": pa.array(["exact"] * size),
        "org": pa.array([series[j][1] for j in s]),
        "group": pa.array([None] * size, type=pa.string()),
        "scope": pa.array([series[j][3] for j in s], type=pa.string()),
        "as_of": pa.array(as_of),
        "since": pa.array([None] * size, type=pa.string()),
        "evidence": pa.array([f"Foro Penal contabilizó {v} personas" for v in (idx % 5000)]),
        "extractor_version": pa.array(["bench"] * size),
        "created_at": pa.array(day.astype("datetime64[us]")),
        "published": pa.array(as_of),
    }
    return pa.table(cols)


def timed(fn, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    db = Path(ARGS.db or tempfile.mkdtemp(prefix="pw-bench-")) / "bench.duckdb" if not ARGS.db else Path(ARGS.db)
    for f in (db, db.with_suffix(".duckdb.wal")):
        if f.exists():
            f.unlink()
    series = series_table()
    keys = np.array([q.series_key(*s) for s in series])
    base = np.datetime64("2016-01-01")
    with connect(db) as con:
        docs = ARGS.claims // 5 + 1
        t = time.perf_counter()
        con.execute("INSERT INTO sources VALUES ('bench', 'rss', 'https://bench.test/feed', 'es', NULL, now())")
        con.execute(
            "INSERT INTO documents (document_id, url, source_id, title, published, lang, relevant, text, content_hash, "
            "first_seen, last_seen, extractor_version) SELECT printf('d%011d', i), printf('https://bench.test/%d', i), "
            "'bench', 't', strftime(DATE '2016-01-01' + (i * 5 * 3650 // ?)::INT, '%Y-%m-%d'), 'es', true, NULL, "
            "'h', now(), now(), 'bench' FROM range(?) r(i)",
            [max(1, ARGS.claims), docs],
        )
        doc_s = time.perf_counter() - t
        t = time.perf_counter()
        inserted = 0
        for start in range(0, ARGS.claims, BATCH):
            inserted += q.insert_claims_batch(con, batch(start, min(BATCH, ARGS.claims - start), series, keys, base))
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        q.refresh_series(con)
        refresh_s = time.perf_counter() - t
        con.execute("CHECKPOINT")
        run_keys = [str(k) for k in keys[:10]]
        run_refresh_s = timed(lambda: q.refresh_series(con, run_keys), repeat=3)
        con.execute("CHECKPOINT")
        one = series[1]
        latest_s = timed(lambda: con.execute("SELECT * FROM latest_counts").fetchall())
        history_s = timed(lambda: q.history(con, one[0], one[1]))
        history_rows = len(q.history(con, one[0], one[1]))
        latest_rows = len(con.execute("SELECT * FROM latest_counts").fetchall())
    size_mb = os.path.getsize(db) / 1e6
    rate = inserted / ingest_s
    print(f"database: {inserted:,} claims, {docs:,} documents, {SERIES:,} series, 10 years; file {size_mb:,.0f} MB")
    print(f"{'measure':<34}{'value':>14}{'target':>12}")
    print(f"{'ingestion (claims/s, batches)':<34}{rate:>14,.0f}{'>= 100,000':>12}")
    print(f"{'refresh series tables (s)':<34}{refresh_s:>14.2f}{'':>12}")
    print(f"{'refresh 10 series, as a run does (ms)':<34}{run_refresh_s * 1000:>14.0f}{'':>12}")
    print(f"{'latest_counts (ms, ' + str(latest_rows) + ' rows)':<34}{latest_s * 1000:>14.1f}{'<= 100':>12}")
    print(f"{'count_history one series (ms, ' + str(history_rows) + ')':<34}{history_s * 1000:>14.1f}{'<= 50':>12}")
    print(f"(documents table filled in {doc_s:.1f} s)")
    if not ARGS.keep and not ARGS.db:
        db.unlink()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000_000)
    parser.add_argument("--db", help="Where to build the database (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true")
    ARGS = parser.parse_args()
    main()

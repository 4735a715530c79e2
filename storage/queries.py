"""Every SQL statement prisonwatch runs, behind plain functions."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from parsers.claims import Claim
from storage.db import now, on_lake_connection
from storage.schema import SERIES_HISTORY_INSERT

Series = tuple[str, str, str | None, str | None, str | None]  # metric, org, group, scope, since


def stable_id(*parts: object, size: int = 16) -> str:
    """A short hash that is the same for the same parts on every run (idempotent writes)."""
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:size]


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One HTTP fetch as it happened (no body)."""

    source_id: str
    url: str
    outcome: str  # ok / not_modified / unchanged / error
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    error: str | None = None
    elapsed_ms: int | None = None
    fetched_at: Any = None  # when the request was made (UTC); the time of writing when unknown


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim as stored, with where it came from."""

    claim_id: str
    document_id: str
    claim: Claim
    url: str
    published: str | None
    created_at: Any


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A message waiting in the outbox."""

    message_id: str
    title: str
    body: str
    payload: dict[str, Any]


# -- sources and fetches ----------------------------------------------------------------------
def register_sources(con: duckdb.DuckDBPyConnection, sources: list[dict[str, Any]]) -> None:
    """The configured sources, upserted in one statement: only those new or changed since they were last
    registered (`updated_at` says when), so a run with the same configuration writes nothing here."""
    stored = {r[0]: r[1:] for r in con.execute("SELECT source_id, kind, url, lang, selector FROM sources").fetchall()}
    sources = [s for s in sources if stored.get(s["id"]) != (s["kind"], s["url"], s.get("lang"), s.get("selector"))]
    if not sources:
        return
    table = pa.table(
        {
            "source_id": [s["id"] for s in sources],
            "kind": [s["kind"] for s in sources],
            "url": [s["url"] for s in sources],
            "lang": pa.array([s.get("lang") for s in sources], pa.string()),
            "selector": pa.array([s.get("selector") for s in sources], pa.string()),
            "updated_at": pa.array([now()] * len(sources), pa.timestamp("us")),
        }
    )
    con.register("sources_batch", table)
    try:
        con.execute(
            "MERGE INTO sources USING sources_batch b ON sources.source_id = b.source_id "
            "WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT BY NAME"
        )
    finally:
        con.unregister("sources_batch")


def http_cache(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Validators and content hash of every URL fetched before: url -> (etag, last_modified, hash)."""
    rows = con.execute("SELECT url, etag, last_modified, content_hash FROM http_cache").fetchall()
    return {url: (etag, lm, h) for url, etag, lm, h in rows}


def record_fetches(con: duckdb.DuckDBPyConnection, run_id: str, records: list[FetchRecord]) -> None:
    """Every request of a run in one statement; the validators of good answers go to http_cache."""
    if not records:
        return
    stamp = now()
    table = pa.table(
        {
            "run_id": [run_id] * len(records),
            "source_id": [f.source_id for f in records],
            "url": [f.url for f in records],
            "fetched_at": pa.array([f.fetched_at or stamp for f in records], pa.timestamp("us")),
            "outcome": [f.outcome for f in records],
            "http_status": pa.array([f.http_status for f in records], pa.int32()),
            "etag": pa.array([f.etag for f in records], pa.string()),
            "last_modified": pa.array([f.last_modified for f in records], pa.string()),
            "content_hash": pa.array([f.content_hash for f in records], pa.string()),
            "error": pa.array([f.error for f in records], pa.string()),
            "elapsed_ms": pa.array([f.elapsed_ms for f in records], pa.int32()),
        }
    )
    con.register("fetch_batch", table)
    try:
        if on_lake_connection(con):  # no sequences on DuckLake: ids from this transaction's write number
            con.execute(
                "INSERT INTO fetches SELECT (SELECT max(version) FROM lake_writes) * 1000000 + row_number() OVER (), "
                "* FROM fetch_batch"
            )
        else:
            con.execute(
                "INSERT INTO fetches (run_id, source_id, url, fetched_at, outcome, http_status, etag, "
                "last_modified, content_hash, error, elapsed_ms) SELECT * FROM fetch_batch"
            )
        con.execute(
            "MERGE INTO http_cache USING (SELECT url, arg_max(etag, fetched_at) AS etag, "
            "arg_max(last_modified, fetched_at) AS last_modified, arg_max(content_hash, fetched_at) AS content_hash, "
            "max(fetched_at) AS fetched_at FROM fetch_batch "
            "WHERE outcome IN ('ok', 'unchanged') AND content_hash IS NOT NULL GROUP BY url) b "
            "ON http_cache.url = b.url WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT BY NAME"
        )
    finally:
        con.unregister("fetch_batch")


@dataclass(frozen=True, slots=True)
class SourceRun:
    """How one source did in one run."""

    source_id: str
    ok: bool
    error: str | None
    documents: int
    relevant: int
    claims_added: int


def record_source_runs(con: duckdb.DuckDBPyConnection, run_id: str, runs: list[SourceRun]) -> None:
    """Every source's outcome of a run in one statement; a run stored twice keeps its first record."""
    if not runs:
        return
    table = pa.table(
        {
            "run_id": [run_id] * len(runs),
            "source_id": [r.source_id for r in runs],
            "finished_at": pa.array([now()] * len(runs), pa.timestamp("us")),
            "ok": [r.ok for r in runs],
            "error": pa.array([r.error for r in runs], pa.string()),
            "documents": pa.array([r.documents for r in runs], pa.int32()),
            "relevant_documents": pa.array([r.relevant for r in runs], pa.int32()),
            "claims_added": pa.array([r.claims_added for r in runs], pa.int32()),
        }
    )
    con.register("runs_batch", table)
    try:
        con.execute(
            "INSERT INTO source_runs SELECT * FROM runs_batch b WHERE NOT EXISTS "
            "(SELECT 1 FROM source_runs r WHERE r.run_id = b.run_id AND r.source_id = b.source_id)"
        )
    finally:
        con.unregister("runs_batch")


def source_runs(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """The runs source health needs, oldest first: (source_id, run_id, finished_at, ok, error). Per source,
    those since its second-to-last good run (all of them when it had fewer than two): the current failure
    streak whole, however long the outage, and the one the last good run ended. A fixed number of recent runs
    would cut a long outage short and date it anew every run (a new "down" message each time)."""
    return con.execute(
        "WITH goods AS (SELECT source_id, finished_at, "
        "row_number() OVER (PARTITION BY source_id ORDER BY finished_at DESC) AS k FROM source_runs WHERE ok), "
        "since AS (SELECT source_id, finished_at AS t FROM goods WHERE k = 2) "
        "SELECT r.source_id, r.run_id, r.finished_at, r.ok, r.error FROM source_runs r "
        "LEFT JOIN since s ON r.source_id = s.source_id WHERE s.t IS NULL OR r.finished_at >= s.t "
        "ORDER BY r.source_id, r.finished_at"
    ).fetchall()


def first_runs(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """source_id -> when it was first fetched (what dates a source that never brought a relevant document)."""
    return dict(con.execute("SELECT source_id, min(finished_at) FROM source_runs GROUP BY ALL").fetchall())


def last_attempts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """source_id -> when it was last fetched (for per-source intervals)."""
    return dict(con.execute("SELECT source_id, max(finished_at) FROM source_runs GROUP BY ALL").fetchall())


def last_relevant(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """source_id -> when it last brought a relevant document."""
    return dict(con.execute("SELECT source_id, max(first_seen) FROM documents WHERE relevant GROUP BY ALL").fetchall())


def irrelevant_urls(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Documents seen and found irrelevant: not fetched again."""
    return frozenset(r[0] for r in con.execute("SELECT url FROM documents WHERE NOT relevant").fetchall())


def source_overview(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Per source: kind, url, last success, last error, failure streak, documents, claims."""
    return con.execute(
        "SELECT source_id, kind, url, last_success, last_error, failure_streak, documents, claims "
        "FROM source_health ORDER BY source_id"
    ).fetchall()


# -- documents and claims ---------------------------------------------------------------------
def document_id(url: str) -> str:
    return stable_id(url)


def series_key(metric: str, org: str, group: str | None, scope: str | None, since: str | None) -> str:
    """The same key as schema.SERIES_KEY_SQL computes in SQL."""
    return hashlib.md5("|".join([metric, org, group or "", scope or "", since or ""]).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document to store, with the claims extracted from it."""

    url: str
    source_id: str
    title: str
    published: str | None
    lang: str | None
    text: str
    content_hash: str
    relevant: bool
    claims: tuple[Claim, ...]
    extractor_version: str
    raw: bytes | None = None


def store_document(
    con: duckdb.DuckDBPyConnection,
    *,
    url: str,
    source_id: str,
    title: str,
    published: str | None,
    lang: str | None,
    text: str,
    content_hash: str,
    relevant: bool,
    claims: list[Claim],
    extractor_version: str,
    raw: bytes | None = None,
) -> tuple[str, int, set[str]]:
    """One document (see store_documents); returns (document_id, claims added, series touched)."""
    added, touched = store_documents(
        con,
        [
            DocumentRow(
                url,
                source_id,
                title,
                published,
                lang,
                text,
                content_hash,
                relevant,
                tuple(claims),
                extractor_version,
                raw,
            )
        ],
    )
    return document_id(url), added, touched


def store_documents(con: duckdb.DuckDBPyConnection, docs: list[DocumentRow]) -> tuple[int, set[str]]:
    """Insert or refresh documents and make their stored claims exactly the given ones, a few statements for
    the whole batch; return (claims added, series touched). Rerunning with the same input adds nothing: ids
    come from content. Raw bodies of relevant documents are kept compressed for `prisonwatch reextract`."""
    if not docs:
        return 0, set()
    stamp = now()
    by_id = {document_id(d.url): d for d in docs}  # the same URL twice in a run: the last one wins
    ids = list(by_id)
    rows = list(by_id.values())
    table = pa.table(
        {
            "document_id": ids,
            "url": [d.url for d in rows],
            "source_id": [d.source_id for d in rows],
            "title": [d.title for d in rows],
            "published": pa.array([d.published for d in rows], pa.string()),
            "lang": pa.array([d.lang for d in rows], pa.string()),
            "relevant": [d.relevant for d in rows],
            "text": pa.array([d.text if d.relevant else None for d in rows], pa.string()),
            "content_hash": [d.content_hash for d in rows],
            "first_seen": pa.array([stamp] * len(rows), pa.timestamp("us")),
            "last_seen": pa.array([stamp] * len(rows), pa.timestamp("us")),
            "extractor_version": [d.extractor_version for d in rows],
            "raw": pa.array([zlib.compress(d.raw, 6) if d.raw and d.relevant else None for d in rows], pa.binary()),
        }
    )
    con.register("docs_batch", table)
    try:
        con.execute(
            "MERGE INTO documents USING docs_batch b ON documents.document_id = b.document_id "
            "WHEN MATCHED THEN UPDATE SET title = b.title, published = coalesce(b.published, documents.published), "
            "lang = b.lang, relevant = b.relevant, text = b.text, content_hash = b.content_hash, "
            "last_seen = b.last_seen, extractor_version = b.extractor_version, raw = coalesce(b.raw, documents.raw) "
            "WHEN NOT MATCHED THEN INSERT BY NAME"
        )
        existing = con.execute(
            "SELECT claim_id, series_key FROM claims WHERE document_id IN (SELECT document_id FROM docs_batch)"
        ).fetchall()
    finally:
        con.unregister("docs_batch")
    wanted = {claim_id(doc_id, c): (doc_id, c, d) for doc_id, d in by_id.items() for c in d.claims}
    gone = [cid for cid, _ in existing if cid not in wanted]
    touched = {key for cid, key in existing if cid not in wanted}
    if gone:
        con.execute("DELETE FROM claims WHERE claim_id IN (SELECT unnest(?))", [gone])
    have = {cid for cid, _ in existing}
    fresh = [(cid, doc_id, c, d) for cid, (doc_id, c, d) in wanted.items() if cid not in have]
    if fresh:
        insert_claims_batch(con, _claims_table(fresh, stamp))
    touched |= {series_key(*c.series) for _, _, c, _ in fresh}
    return len(fresh), touched


def _claims_table(fresh: list[tuple[str, str, Claim, DocumentRow]], stamp: Any) -> pa.Table:
    return pa.table(
        {
            "claim_id": [cid for cid, *_ in fresh],
            "document_id": [doc_id for _, doc_id, *_ in fresh],
            "series_key": [series_key(*c.series) for _, _, c, _ in fresh],
            "metric": [c.metric for _, _, c, _ in fresh],
            "value": pa.array([c.value for _, _, c, _ in fresh], pa.int64()),
            "qualifier": [c.qualifier for _, _, c, _ in fresh],
            "org": [c.org for _, _, c, _ in fresh],
            "group": pa.array([c.group for _, _, c, _ in fresh], pa.string()),
            "scope": pa.array([c.scope for _, _, c, _ in fresh], pa.string()),
            "as_of": pa.array([c.as_of for _, _, c, _ in fresh], pa.string()),
            "since": pa.array([c.since for _, _, c, _ in fresh], pa.string()),
            "evidence": [c.evidence for _, _, c, _ in fresh],
            "extractor_version": [d.extractor_version for *_, d in fresh],
            "created_at": pa.array([stamp] * len(fresh), pa.timestamp("us")),
            "published": pa.array([d.published for *_, d in fresh], pa.string()),
        }
    )


def replace_claims(
    con: duckdb.DuckDBPyConnection,
    doc_id: str,
    claims: list[Claim],
    extractor_version: str,
    stamp: Any = None,
    published: str | None = None,
) -> tuple[int, set[str]]:
    """Make a document's stored claims exactly these; return how many were added and the series touched."""
    stamp = stamp or now()
    wanted = {claim_id(doc_id, c): c for c in claims}
    existing = {r[0] for r in con.execute("SELECT claim_id FROM claims WHERE document_id = ?", [doc_id]).fetchall()}
    gone = existing - wanted.keys()
    touched: set[str] = set()
    if gone:
        sql = "SELECT series_key FROM claims WHERE claim_id IN (SELECT unnest(?))"
        touched |= {r[0] for r in con.execute(sql, [list(gone)]).fetchall()}
        con.execute("DELETE FROM claims WHERE claim_id IN (SELECT unnest(?))", [list(gone)])
    fresh = [(cid, c) for cid, c in wanted.items() if cid not in existing]
    touched |= {series_key(*c.series) for _, c in fresh}
    for cid, c in fresh:
        con.execute(
            'INSERT INTO claims (claim_id, document_id, series_key, metric, value, qualifier, org, "group", scope, '
            "as_of, since, evidence, extractor_version, created_at, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                cid,
                doc_id,
                series_key(*c.series),
                c.metric,
                c.value,
                c.qualifier,
                c.org,
                c.group,
                c.scope,
                c.as_of,
                c.since,
                c.evidence,
                extractor_version,
                stamp,
                published,
            ],
        )
    return len(fresh), touched


CLAIM_COLUMNS = (
    "claim_id",
    "document_id",
    "series_key",
    "metric",
    "value",
    "qualifier",
    "org",
    "group",
    "scope",
    "as_of",
    "since",
    "evidence",
    "extractor_version",
    "created_at",
    "published",
)


def insert_claims_batch(con: duckdb.DuckDBPyConnection, table: Any) -> int:
    """Bulk insert an Arrow table with CLAIM_COLUMNS (backfills, benchmarks); existing ids are skipped."""
    con.register("claims_batch", table)
    try:
        before = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        cols = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
        if on_lake_connection(con):  # no primary key on a lake: skip the ids already there by an anti-join
            con.execute(
                f"INSERT INTO claims ({cols}) SELECT {cols} FROM claims_batch b "
                "WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.claim_id = b.claim_id)"
            )
        else:
            con.execute(f"INSERT INTO claims ({cols}) SELECT {cols} FROM claims_batch ON CONFLICT DO NOTHING")
        return con.execute("SELECT count(*) FROM claims").fetchone()[0] - before
    finally:
        con.unregister("claims_batch")


def refresh_series(con: duckdb.DuckDBPyConnection, keys: list[str] | None = None) -> None:
    """Recompute these series (all when None): their latest value in series_latest and their history in
    series_history, each series rewritten whole so its history rows stay together on disk."""
    if keys is not None and not keys:
        return
    where = "series_key IN (SELECT unnest(?))" if keys is not None else "true"
    params: list[Any] = [keys] if keys is not None else []
    con.execute(f"DELETE FROM series_latest WHERE {where}", params)
    con.execute(
        f"""
        INSERT INTO series_latest
        SELECT series_key, metric, org, "group", scope, since, value, qualifier, as_of, published, url, evidence,
               claim_id, documents, now()
        FROM (
            SELECT *, count(DISTINCT document_id) OVER (PARTITION BY series_key, value) AS documents
            FROM claims_with_source WHERE {where}
        )
        QUALIFY row_number() OVER (PARTITION BY series_key
                                   ORDER BY as_of DESC NULLS LAST, published DESC NULLS LAST, created_at DESC,
                                            claim_id) = 1
        """,
        params,
    )
    con.execute(f"DELETE FROM series_history WHERE {where}", params)
    con.execute(SERIES_HISTORY_INSERT.format(where=f"AND {where}"), params)


def record_changes(con: duckdb.DuckDBPyConnection, run_id: str, rows: list[dict[str, Any]]) -> None:
    """Every outcome of change detection for this run (analysts see reversals and corroborations too)."""
    for r in rows:
        con.execute(
            'INSERT INTO change_log (run_id, series_key, outcome, metric, org, "group", scope, since, old_value, '
            "new_value, as_of, claim_id, url, alert_id, created_at) "
            "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE run_id = ? AND series_key = ?)",
            [
                run_id,
                r["series_key"],
                r["outcome"],
                r["metric"],
                r["org"],
                r["group"],
                r["scope"],
                r["since"],
                r["old_value"],
                r["new_value"],
                r["as_of"],
                r["claim_id"],
                r["url"],
                r["alert_id"],
                now(),
                run_id,
                r["series_key"],
            ],
        )


def claim_id(doc_id: str, c: Claim) -> str:
    return stable_id(doc_id, c.metric, c.value, c.org, c.group, c.scope, c.as_of, c.since, size=20)


def claims_since(con: duckdb.DuckDBPyConnection, created_after: Any | None = None) -> list[StoredClaim]:
    """Stored claims (all, or those written after a time), oldest first."""
    sql = (
        'SELECT claim_id, document_id, metric, value, qualifier, org, "group", scope, as_of, since, evidence, '
        "url, published, created_at FROM claims_with_source"
    )
    params: list[Any] = []
    if created_after is not None:
        sql += " WHERE created_at >= ?"
        params.append(created_after)
    sql += " ORDER BY created_at, claim_id"
    out = []
    for row in con.execute(sql, params).fetchall():
        (cid, did, metric, value, qual, org, group, scope, as_of, since, ev, url, published, created) = row
        claim = Claim(metric, int(value), qual, org, group, scope, as_of, since, ev)
        out.append(StoredClaim(cid, did, claim, url, published, created))
    return out


def documents_per_value(con: duckdb.DuckDBPyConnection) -> dict[tuple[Series, int], int]:
    """How many distinct documents state each value of each series (corroboration)."""
    rows = con.execute(
        'SELECT metric, org, "group", scope, since, value, count(DISTINCT document_id) FROM claims GROUP BY ALL'
    ).fetchall()
    return {((m, o, g, s, si), int(v)): n for m, o, g, s, si, v, n in rows}


# -- baseline and alerts ----------------------------------------------------------------------
def baselines(con: duckdb.DuckDBPyConnection) -> dict[Series, tuple[int, str, str, bool]]:
    """series -> (value, qualifier, as_of, derived)."""
    rows = con.execute(
        'SELECT metric, org, "group", scope, since, value, qualifier, as_of, derived FROM baselines'
    ).fetchall()
    return {(m, o, g, s, si): (int(v), q, a, d) for m, o, g, s, si, v, q, a, d in rows}


def baseline_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        'SELECT metric, value, qualifier, org, "group", scope, since, as_of, derived, evidence, citation '
        "FROM baselines ORDER BY metric"
    ).fetchall()


def last_alerted(con: duckdb.DuckDBPyConnection) -> dict[Series, tuple[int, str | None]]:
    """series -> (value, as_of) of the newest alert written for it."""
    rows = con.execute(
        'SELECT metric, org, "group", scope, since, new_value, as_of FROM alerts '
        'QUALIFY row_number() OVER (PARTITION BY metric, org, "group", scope, since '
        "ORDER BY created_at DESC, as_of DESC NULLS LAST) = 1"
    ).fetchall()
    return {(m, o, g, s, si): (int(v), a) for m, o, g, s, si, v, a in rows}


def alert_exists(con: duckdb.DuckDBPyConnection, alert_id: str) -> bool:
    return con.execute("SELECT 1 FROM alerts WHERE alert_id = ?", [alert_id]).fetchone() is not None


def last_alerted_urls(con: duckdb.DuckDBPyConnection) -> dict[Series, str]:
    """series -> link of the newest alert written for it (to tell corroboration from repetition)."""
    rows = con.execute(
        'SELECT metric, org, "group", scope, since, url FROM alerts '
        'QUALIFY row_number() OVER (PARTITION BY metric, org, "group", scope, since ORDER BY created_at DESC) = 1'
    ).fetchall()
    return {(m, o, g, s, si): u for m, o, g, s, si, u in rows}


def insert_alert(con: duckdb.DuckDBPyConnection, row: dict[str, Any], message_id: str) -> bool:
    """Record one change alerted for a series; False when the same alert (same id) is already there."""
    if alert_exists(con, row["alert_id"]):
        return False
    con.execute(
        'INSERT INTO alerts (alert_id, outcome, metric, org, "group", scope, since, old_value, new_value, '
        "baseline_value, as_of, claim_id, url, evidence, message, payload, created_at, message_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row["alert_id"],
            row["outcome"],
            row["metric"],
            row["org"],
            row["group"],
            row["scope"],
            row["since"],
            row["old_value"],
            row["new_value"],
            row["baseline_value"],
            row["as_of"],
            row["claim_id"],
            row["url"],
            row["evidence"],
            row["message"],
            json.dumps(row["payload"], ensure_ascii=False),
            now(),
            message_id,
        ],
    )
    return True


def insert_message(
    con: duckdb.DuckDBPyConnection, message_id: str, kind: str, title: str, body: str, payload: dict[str, Any]
) -> bool:
    """Put a message in the outbox (written before any send); False when it is already there."""
    if con.execute("SELECT 1 FROM messages WHERE message_id = ?", [message_id]).fetchone():
        return False
    con.execute(
        "INSERT INTO messages (message_id, kind, title, body, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [message_id, kind, title, body, json.dumps(payload, ensure_ascii=False), now()],
    )
    return True


def pending_messages(con: duckdb.DuckDBPyConnection) -> list[MessageRow]:
    rows = con.execute(
        "SELECT message_id, title, body, payload FROM messages WHERE status = 'pending' ORDER BY created_at, message_id"
    ).fetchall()
    return [MessageRow(m, t, b, json.loads(p)) for m, t, b, p in rows]


def delivered_destinations(con: duckdb.DuckDBPyConnection, message_id: str) -> set[str]:
    rows = con.execute(
        "SELECT destination FROM deliveries WHERE message_id = ? AND status = 'sent'", [message_id]
    ).fetchall()
    return {r[0] for r in rows}


def record_delivery(
    con: duckdb.DuckDBPyConnection, message_id: str, destination: str, ok: bool, error: str | None
) -> None:
    con.execute(
        "MERGE INTO deliveries USING (SELECT ? AS message_id, ? AS destination, ? AS status, 1 AS attempts, "
        "? AS last_error, ? AS updated_at) b ON deliveries.message_id = b.message_id "
        "AND deliveries.destination = b.destination WHEN MATCHED THEN UPDATE SET status = b.status, "
        "attempts = deliveries.attempts + 1, last_error = b.last_error, updated_at = b.updated_at "
        "WHEN NOT MATCHED THEN INSERT BY NAME",
        [message_id, destination, "sent" if ok else "failed", error, now()],
    )


def mark_message_sent(con: duckdb.DuckDBPyConnection, message_id: str) -> None:
    con.execute("UPDATE messages SET status = 'sent', sent_at = ? WHERE message_id = ?", [now(), message_id])


# -- reading ----------------------------------------------------------------------------------
def latest_counts(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT metric, org, coalesce(\"group\", ''), coalesce(scope, ''), coalesce(since, ''), value, "
        "qualifier, coalesce(as_of, ''), documents, url FROM latest_counts ORDER BY metric, org, 3, 4, 5"
    ).fetchall()


def history(
    con: duckdb.DuckDBPyConnection,
    metric: str,
    org: str | None = None,
    group: str | None = None,
    scope: str | None = None,
) -> list[tuple]:
    """count_history rows of one metric (one claimant, or all): series, as_of, value, documents, revised.
    The series are found in series_latest first, so the large claims table is read by series key only."""
    sql = (
        'SELECT series_key FROM series_latest WHERE metric = ? AND "group" IS NOT DISTINCT FROM ? '
        "AND scope IS NOT DISTINCT FROM ?"
    )
    params: list[Any] = [metric, group, scope]
    if org is not None:
        sql += " AND org = ?"
        params.append(org)
    keys = [r[0] for r in con.execute(sql, params).fetchall()]
    if not keys:
        return []
    return con.execute(
        "SELECT org, coalesce(\"group\", ''), coalesce(scope, ''), coalesce(since, ''), as_of, value, documents, "
        f"revised FROM count_history WHERE series_key IN ({', '.join('?' * len(keys))}) ORDER BY 1, 2, 3, 4, as_of",
        keys,
    ).fetchall()


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(sql)
    columns = [d[0] for d in cur.description] if cur.description else []
    return columns, cur.fetchall()

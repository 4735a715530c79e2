"""What analysts run besides SQL: exports, charts, re-extraction, backfills and retention. Plain functions;
the CLI wraps them and shows progress."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from parsers import EXTRACTOR_VERSION, Claim, detect_language, extract_claims
from parsers.errors import ConfigError
from parsers.html import html_to_page, is_relevant, parse_feed
from parsers.urls import canonical_url
from storage import connect
from storage import queries as q
from storage.db import connect_read, now, write

EXPORTED_VIEWS = (
    "latest_counts",
    "count_history",
    "claims_with_source",
    "changes",
    "baseline_comparison",
    "source_health",
)
EXPORTED_TABLES = (
    "sources",
    "documents",
    "claims",
    "baselines",
    "alerts",
    "messages",
    "deliveries",
    "fetches",
    "source_runs",
    "change_log",
)
Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
    return items


# -- export -----------------------------------------------------------------------------------
def export(db: Path, out: Path, fmt: str = "parquet", progress: Progress = _no_progress) -> list[Path]:
    """Every view and table to files, from one read-only connection: a consistent snapshot."""
    if fmt not in ("parquet", "csv"):
        raise ConfigError(f"unknown export format {fmt!r}: use parquet or csv")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    names = EXPORTED_VIEWS + EXPORTED_TABLES
    with connect_read(db) as con:
        for name in progress(names, "exporting", len(names)):
            target = out / f"{name}.{fmt}"
            columns = [c[0] for c in con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]
            select = ", ".join(f'"{c}"' for c in columns if c != "raw")  # raw bodies stay in the database
            options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
            con.execute(f"COPY (SELECT {select} FROM \"{name}\") TO '{_sql_path(target)}' ({options})")
            written.append(target)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# -- chart ------------------------------------------------------------------------------------
def chart(db: Path, metric: str, out: Path, org: str | None = None) -> list[Path]:
    """A series (or every claimant's series of one metric) over time, with the baseline as a reference line
    and revised dates marked; written as PNG and SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    with connect_read(db) as con:
        rows = q.history(con, metric, org)
        baselines = [b for b in q.baseline_rows(con) if b[0] == metric and (org is None or b[3] == org)]
    if not rows:
        raise ConfigError(f"no stored history for metric {metric!r}" + (f" and claimant {org!r}" if org else ""))
    series: dict[tuple[str, str], list[tuple[date, int, bool]]] = {}
    for claimant, _group, _scope, since, as_of, value, _docs, revised in rows:
        day = _as_date(as_of)
        if day is not None:
            series.setdefault((claimant, since), []).append((day, int(value), bool(revised)))
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=120)
    for (claimant, since), points in sorted(series.items()):
        points.sort()
        label = claimant.replace("_", " ") + (f" (since {since})" if since else "")
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", markersize=3, linewidth=1.6, label=label)
        revised = [p for p in points if p[2]]
        if revised:
            ax.scatter([p[0] for p in revised], [p[1] for p in revised], marker="x", s=60, color="black", zorder=5)
    for b in baselines:
        ax.axhline(b[1], linestyle="--", color="grey", linewidth=1)
        ax.annotate(
            f"baseline {b[3].replace('_', ' ')}: {b[1]:,} ({b[7]})",
            xy=(0.01, b[1]),
            xycoords=("axes fraction", "data"),
            fontsize=8,
            color="grey",
            va="bottom",
        )
    title = metric.replace("_", " ").capitalize() + (f" according to {org.replace('_', ' ')}" if org else "")
    ax.set_title(title + "  (x: a value revised for the same date)")
    ax.set_xlabel("as of")
    ax.set_ylabel("people")
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{int(v):,}"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    paths = [out.with_suffix(".png"), out.with_suffix(".svg")]
    for path in paths:
        fig.savefig(path)
    plt.close(fig)
    return paths


def _as_date(as_of: str | None) -> date | None:
    if not as_of:
        return None
    try:
        return date.fromisoformat(as_of if len(as_of) == 10 else f"{as_of}-01")
    except ValueError:
        return None


# -- re-extraction ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reextraction:
    documents: int
    changed_documents: int
    added: list[tuple[str, Claim]]  # (url, claim)
    removed: list[tuple[str, Claim]]


def reextract(db: Path, apply: bool = False, progress: Progress = _no_progress) -> Reextraction:
    """Read every relevant document again with the current extractor; report what would change, and with
    `apply` replace the stored claims (and the latest value of the series they touch)."""
    with connect(db) as con:
        docs = con.execute(
            "SELECT document_id, url, published, lang, text, raw FROM documents WHERE relevant ORDER BY first_seen"
        ).fetchall()
        stored: dict[str, set[Claim]] = {}
        for sc in q.claims_since(con):
            stored.setdefault(sc.document_id, set()).add(_plain(sc.claim))
        added: list[tuple[str, Claim]] = []
        removed: list[tuple[str, Claim]] = []
        changed = 0
        replaced: list[tuple[str, list[Claim]]] = []
        for doc_id, url, published, lang, text, raw in progress(docs, "re-extracting", len(docs)):
            body = _text_of(raw, text)
            fresh = extract_claims(body, lang, published, url)
            now_set, before = {_plain(c) for c in fresh}, stored.get(doc_id, set())
            if now_set == before:
                continue
            changed += 1
            added += [(url, c) for c in now_set - before]
            removed += [(url, c) for c in before - now_set]
            replaced.append((doc_id, fresh))

        def replace(con: duckdb.DuckDBPyConnection) -> None:
            touched: set[str] = set()
            for doc_id, fresh in replaced:
                _, keys = q.replace_claims(con, doc_id, fresh, EXTRACTOR_VERSION)
                touched |= keys
                con.execute(
                    "UPDATE documents SET extractor_version = ? WHERE document_id = ?", [EXTRACTOR_VERSION, doc_id]
                )
            q.refresh_series(con, sorted(touched))

        if apply:
            write(con, replace)
    return Reextraction(len(docs), changed, added, removed)


def _plain(c: Claim) -> Claim:
    """A claim without its evidence text (a reworded quote is not a different claim)."""
    return Claim(c.metric, c.value, c.qualifier, c.org, c.group, c.scope, c.as_of, c.since, "")


def _text_of(raw: bytes | None, text: str | None) -> str:
    if raw:
        page = html_to_page(zlib.decompress(raw))
        return f"{page.title}\n{page.text}" if page.title and not page.text.startswith(page.title) else page.text
    return text or ""


# -- backfill ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Archived:
    url: str
    title: str
    published: str | None
    text: str
    raw: bytes | None
    lang: str | None = None


def read_archive(path: Path) -> Iterator[Archived]:
    """Archived documents: HTML files, feed files (RSS/Atom), or JSONL with url/published/text (lang optional)."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        suffix = file.suffix.lower()
        if suffix in (".html", ".htm"):
            raw = file.read_bytes()
            page = html_to_page(raw)
            yield Archived(
                canonical_url(page.canonical) if page.canonical else file.resolve().as_uri(),
                page.title,
                page.published,
                f"{page.title}\n{page.text}" if page.title else page.text,
                raw,
            )
        elif suffix in (".xml", ".rss", ".atom"):
            for item in parse_feed(file.read_bytes()):
                yield Archived(
                    canonical_url(item.url),
                    item.title,
                    item.published,
                    "\n".join(p for p in (item.title, item.summary) if p),
                    None,
                )
        elif suffix == ".jsonl":
            with file.open(encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    doc = json.loads(line)
                    if "text" not in doc:
                        raise ConfigError(f"{file}:{number}: a JSONL document needs 'text'")
                    url = doc.get("url") or f"{file.resolve().as_uri()}#{doc.get('id', number)}"
                    yield Archived(url, doc.get("title", ""), doc.get("published"), doc["text"], None, doc.get("lang"))


def backfill(db: Path, path: Path, source_id: str = "backfill", progress: Progress = _no_progress) -> tuple[int, int]:
    """Store archived documents as if fetched at their publication time; return (documents, claims added).
    No alert is written: the caller decides (`prisonwatch backfill --alert`)."""
    docs = list(read_archive(path))
    read = []
    for doc in progress(docs, "backfilling", len(docs)):
        lang = doc.lang or detect_language(doc.text)
        relevant = is_relevant(doc.text)
        read.append((doc, lang, relevant, extract_claims(doc.text, lang, doc.published, doc.url) if relevant else []))

    def store_all(con: duckdb.DuckDBPyConnection) -> int:
        added = 0
        touched: set[str] = set()
        q.register_sources(con, [{"id": source_id, "kind": "backfill", "url": path.resolve().as_uri()}])
        for doc, lang, relevant, claims in read:
            _, n, keys = q.store_document(
                con,
                url=doc.url,
                source_id=source_id,
                title=doc.title,
                published=doc.published,
                lang=lang,
                text=doc.text,
                content_hash=q.stable_id(doc.text, size=64),
                relevant=relevant,
                claims=claims,
                extractor_version=EXTRACTOR_VERSION,
                raw=doc.raw,
            )
            added += n
            touched |= keys
        q.refresh_series(con, sorted(touched))
        return added

    with connect(db) as con:
        added = write(con, store_all)
    return len(docs), added


# -- retention --------------------------------------------------------------------------------
def prune(db: Path, older_than_days: int) -> int:
    """Drop the raw bodies (and texts) of documents first seen more than N days ago; claims, their
    quotes and fetch records are kept. Returns how many documents were pruned."""
    cutoff = now() - timedelta(days=older_than_days)
    with connect(db) as con:
        count = con.execute(
            "SELECT count(*) FROM documents WHERE first_seen < ? AND (raw IS NOT NULL OR text IS NOT NULL)", [cutoff]
        ).fetchone()[0]
        con.execute("UPDATE documents SET raw = NULL, text = NULL WHERE first_seen < ?", [cutoff])
    return int(count)

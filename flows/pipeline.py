"""The pipeline's steps as plain functions (callable without Prefect); monitor.py wraps them in tasks."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from flows.alerts import build_alert, build_digest, change_fields
from flows.collect import Known, Offload, SourceResult, collect_source, inline
from flows.compare import Change, Observation, Rules, detect_changes
from flows.delivery import DeliveryReport, Destination, Sender, apprise_send, deliver_pending
from flows.fetch import make_client
from flows.health import HealthEvent, Run, health_events
from flows.sources import AlertSettings, Config, Settings, Source
from storage import connect
from storage import queries as q
from storage.db import now, write


@dataclass(frozen=True, slots=True)
class StoreReport:
    documents: int
    claims_added: int
    new: tuple[Observation, ...]


@dataclass(slots=True)
class RunSummary:
    """What one monitoring cycle did, in numbers a person can read (no documents: it is the flow's return
    value, which Prefect walks through)."""

    run_id: str
    sources: int = 0
    failed_sources: list[str] = field(default_factory=list)
    skipped_sources: list[str] = field(default_factory=list)
    overlapped: bool = False  # another run was in progress: this one did nothing
    health: list[HealthEvent] = field(default_factory=list)
    documents: int = 0
    claims_added: int = 0
    changes: list[Change] = field(default_factory=list)
    alerts_written: int = 0
    delivery: DeliveryReport | None = None

    @property
    def ok(self) -> bool:
        return not self.failed_sources and not self.overlapped


def prepare(db: Path, config: Config, at: datetime | None = None) -> tuple[Known, list[Source], list[str]]:
    """Record the configured sources; read what earlier runs left (HTTP validators, URLs found irrelevant);
    split the sources into those due this run and those whose interval has not elapsed."""
    at = at or now()
    with connect(db) as con:
        q.register_sources(
            con,
            [
                {"id": s.id, "kind": s.kind, "url": s.url, "lang": s.lang, "selector": s.selector}
                for s in config.sources
            ],
        )
        known = Known(q.http_cache(con), q.irrelevant_urls(con))
        last = q.last_attempts(con)
    due, skipped = [], []
    for s in config.sources:
        previous = last.get(s.id)
        if s.interval_minutes and previous is not None and at - previous < timedelta(minutes=s.interval_minutes):
            skipped.append(s.id)
        else:
            due.append(s)
    return known, due, skipped


def collect(
    source: Source,
    settings: Settings,
    known: Known,
    deadline: float | None = None,
    client: httpx.Client | None = None,
    offload: Offload = inline,
) -> SourceResult:
    """Fetch and extract one source; never raises for network trouble. A client may be shared by a batch."""
    if client is None:
        with make_client(settings) as own:
            return collect(source, settings, known, deadline, own, offload)
    try:
        return collect_source(client, source, settings, known, deadline, offload)
    except Exception as exc:  # a bug in one source's parsing must not stop the others
        return SourceResult(source.id, error=f"{source.url}: unexpected {type(exc).__name__}: {exc}")


class ParsePool:
    """Reading pages and feeds (HTML, XML, extraction: all CPU) in worker processes, so a run uses every core
    while its threads wait on the network (`parse_processes`; off by default: each worker costs about 60 MB).
    The workers start on first use, so a run where nothing changed starts none; they come from a fork server
    that imported the parsers once, never from a fork of the run's own threaded process. A worker that dies
    (a page that exhausts memory) costs that page a read in the run's own process, not the run."""

    def __init__(self, processes: int = 1) -> None:
        cores = os.cpu_count() or 1
        self.processes = processes or (cores if cores > 1 else 1)
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()
        self.started = False  # whether any worker was started (none is, when nothing needed reading)

    def __call__(self, fn: Callable[..., object], *args: object) -> object:
        pool = self._started()
        if pool is None:
            return fn(*args)
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            self._broken = True
            return fn(*args)

    def _started(self) -> ProcessPoolExecutor | None:
        if self.processes <= 1 or self._broken:
            return None
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["flows.collect"])
                self._pool = ProcessPoolExecutor(self.processes, mp_context=context)
                self.started = True
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


MAX_TASKS = 8  # collect tasks per run: above this many sources, sources are batched (8 x 8 requests at once)
THREADS_PER_BATCH = 8


def batches(sources: list[Source], max_tasks: int = MAX_TASKS) -> list[list[Source]]:
    """Split the sources into at most `max_tasks` batches of consecutive sources."""
    if not sources:
        return []
    size = -(-len(sources) // max_tasks)
    return [sources[i : i + size] for i in range(0, len(sources), size)]


def collect_batch(
    sources: list[Source],
    settings: Settings,
    known: Known,
    deadline: float | None = None,
    offload: Offload = inline,
) -> list[SourceResult]:
    """Collect several sources at once on a few threads sharing one HTTP client (connection pool and TLS set
    up once); the per-host limiter keeps each host polite."""
    with make_client(settings) as client:
        if len(sources) == 1:
            return [collect(sources[0], settings, known, deadline, client, offload)]
        with ThreadPoolExecutor(max_workers=min(THREADS_PER_BATCH, len(sources))) as pool:
            return list(pool.map(lambda s: collect(s, settings, known, deadline, client, offload), sources))


def store(db: Path, run_id: str, results: list[SourceResult]) -> StoreReport:
    """Write fetch records, documents, claims and each source's run in one transaction; return the claims
    new this run. A run killed before the commit leaves nothing half-written, and rerunning adds nothing."""
    started = now()
    with connect(db) as con:

        def write_all(con: Any) -> tuple[int, int]:
            q.record_fetches(
                con,
                run_id,
                [f for r in results for f in r.fetches]
                + [
                    q.FetchRecord(r.source_id, "", "error", error=r.error) for r in results if r.error and not r.fetches
                ],
            )
            rows = [
                q.DocumentRow(
                    d.url,
                    d.source_id,
                    d.title,
                    d.published,
                    d.lang,
                    d.text,
                    d.content_hash,
                    d.relevant,
                    d.claims,
                    d.extractor_version,
                    d.raw,
                )
                for r in results
                for d in r.documents
            ]
            added, touched = q.store_documents(con, rows)
            documents = len(rows)
            q.record_source_runs(
                con,
                run_id,
                [
                    q.SourceRun(
                        r.source_id,
                        not r.failed,
                        r.error,
                        len(r.documents),
                        sum(d.relevant for d in r.documents),
                        sum(len(d.claims) for d in r.documents),
                    )
                    for r in results
                ],
            )
            q.refresh_series(con, sorted(touched))
            return documents, added

        documents, added = write(con, write_all)
        fresh = q.claims_since(con, started)
    new = tuple(Observation(s.claim_id, s.claim, s.url, s.published) for s in fresh)
    return StoreReport(documents, added, new)


def check_health(db: Path, config: Config, at: datetime | None = None) -> list[HealthEvent]:
    """Queue "source down", "recovered" and "stale" messages (each once) from the history of runs."""
    at = at or now()
    with connect(db) as con:

        def queue(con: Any) -> list[HealthEvent]:
            history: dict[str, list[Run]] = {}
            for source_id, run_id, finished, ok, error in q.source_runs(con):
                history.setdefault(source_id, []).append(Run(run_id, finished, ok, error))
            configured = {s.id for s in config.sources}
            history = {k: v for k, v in history.items() if k in configured}
            events = health_events(
                history,
                q.last_relevant(con),
                {s.id: s.stale_after_days for s in config.sources},
                config.settings.down_after_runs,
                at,
                q.first_runs(con),
            )
            queued = [
                e
                for e in events
                if q.insert_message(
                    con,
                    e.event_id,
                    "source_health",
                    f"prisonwatch: source {e.kind}",
                    f"{e.text}\n-- alert {e.event_id}",
                    {"alert_id": e.event_id, "kind": e.kind, "source_id": e.source_id, "title": f"source {e.kind}"},
                )
            ]
            return queued

        queued = write(con, queue)
    return queued


def compare_and_queue(
    db: Path, new: tuple[Observation, ...], settings: AlertSettings | None = None, run_id: str = "manual"
) -> tuple[list[Change], int]:
    """Detect changes for the series the new claims touch and write alerts and messages to the outbox."""
    settings = settings or AlertSettings()
    rules = Rules(settings.media_min_documents, settings.headline_only, settings.min_change)
    with connect(db) as con:

        def detect_and_queue(con: Any) -> tuple[list[Change], int]:
            baseline_rows = q.baselines(con)
            baselines = {s: (v[0], v[2]) for s, v in baseline_rows.items()}
            context = [(s[0], s[1], v[0], v[1], v[2]) for s, v in baseline_rows.items()]
            changes = detect_changes(
                list(new), q.last_alerted(con), baselines, q.documents_per_value(con), rules, q.last_alerted_urls(con)
            )
            latest = q.latest_counts(con)
            rows = []
            for change in changes:
                if not change.alertable:
                    continue
                metric = change.series[0]
                others = [(r[1], int(r[5]), r[7] or None) for r in latest if r[0] == metric and not r[2] and not r[3]]
                rows.append(build_alert(change, others, context))
            written = queue_alerts(con, rows, settings.digest)
            alerted = {(r["metric"], r["org"], r["group"], r["scope"], r["since"]): r["alert_id"] for r in rows}
            q.record_changes(con, run_id, [_change_row(c, alerted.get(c.series)) for c in changes])
            return changes, written

        changes, written = write(con, detect_and_queue)
    return changes, written


def _change_row(change: Change, alert_id: str | None) -> dict[str, Any]:
    return {
        **change_fields(change),
        "series_key": q.series_key(*change.series),
        "claim_id": change.new.claim_id,
        "alert_id": alert_id,
    }


def queue_alerts(con: Any, rows: list[dict[str, Any]], digest: bool) -> int:
    """Outbox: the alerts (one per change) and the messages that carry them, in one transaction."""
    fresh = [r for r in rows if not q.alert_exists(con, r["alert_id"])]
    if digest and len(fresh) > 1:
        message_id, title, body, payload = build_digest(fresh)
        q.insert_message(con, message_id, "digest", title, body, payload)
    else:
        message_id = ""
    for r in fresh:
        mid = message_id or r["alert_id"]
        if not message_id:
            q.insert_message(con, mid, "alert", r["payload"]["title"], r["message"], r["payload"])
        q.insert_alert(con, r, mid)
    return len(fresh)


def deliver(db: Path, destinations: list[Destination], send: Sender = apprise_send) -> DeliveryReport:
    """Send what waits in the outbox."""
    with connect(db) as con:
        return deliver_pending(con, destinations, send)

"""The Prefect flow: a table of contents of the pipeline. Each task wraps one function of pipeline.py."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE  # inputs are large (documents): never hash them
from prefect.events import emit_event
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings, temporary_settings
from prefect.utilities.annotations import quote

from flows import pipeline
from flows.alerts import series_label
from flows.collect import Known, Offload, SourceResult
from flows.compare import Change, Observation
from flows.delivery import DeliveryReport, destinations_from_env
from flows.health import HealthEvent
from flows.runlock import RunInProgress, run_lock
from flows.sources import AlertSettings, Config, Settings, Source, load_config
from storage import connect, default_db_path
from storage import queries as q
from storage.db import publish_snapshot


@task(name="collect-sources", task_run_name="collect {label}", cache_policy=NO_CACHE)
def collect_task(
    sources: list[Source], settings: Settings, known: Known, deadline: float, label: str, offload: Offload
) -> list[SourceResult]:
    """One task per batch of sources (one per source when there are few): Prefect's cost per task run stays
    small next to the fetching, and each source's outcome is in the run's `prisonwatch-sources` artifact."""
    return pipeline.collect_batch(sources, settings, known, deadline, offload)


@task(name="store", cache_policy=NO_CACHE)
def store_task(db: Path, run_id: str, results: list[SourceResult]) -> pipeline.StoreReport:
    return pipeline.store(db, run_id, results)


@task(name="compare", cache_policy=NO_CACHE)
def compare_task(
    db: Path, new: tuple[Observation, ...], settings: AlertSettings, run_id: str
) -> tuple[list[Change], int]:
    return pipeline.compare_and_queue(db, new, settings, run_id)


@task(name="source-health", cache_policy=NO_CACHE)
def health_task(db: Path, config: Config) -> list[HealthEvent]:
    return pipeline.check_health(db, config)


@task(name="deliver-alerts", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def deliver_task(db: Path) -> DeliveryReport:
    return pipeline.deliver(db, destinations_from_env())


@flow(name="prisonwatch-monitor", log_prints=True)
def monitor(db_path: str | None = None, sources_file: str | None = None) -> pipeline.RunSummary:
    """One monitoring cycle: fetch every source, extract claims, store, compare, alert."""
    logger = get_run_logger()
    db = Path(db_path) if db_path else default_db_path()
    config = load_config(sources_file)
    summary = pipeline.RunSummary(run_id=uuid.uuid4().hex[:12], sources=len(config.sources))
    try:
        with run_lock(db, str(Path(sources_file).resolve()) if sources_file else ""):
            _cycle(db, config, summary)
    except RunInProgress as exc:
        logger.warning("%s", exc)
        summary.overlapped = True
        return summary
    logger.info(
        "run %s: %d sources (%d failed, %d not due), %d documents, %d new claims, %d alerts written, delivery %s",
        summary.run_id,
        summary.sources,
        len(summary.failed_sources),
        len(summary.skipped_sources),
        summary.documents,
        summary.claims_added,
        summary.alerts_written,
        summary.delivery,
    )
    return summary


def run_once(db_path: str | None = None, sources_file: str | None = None) -> pipeline.RunSummary:
    """One cycle started by hand or by cron (`prisonwatch run`), not by a deployment: see `one_off_run`."""
    with one_off_run():
        return monitor(db_path=db_path, sources_file=sources_file)


@contextmanager
def one_off_run() -> Iterator[None]:
    """Flow runs started here send no heartbeat events unless the user configured their frequency.

    Heartbeats only feed an automation that marks a deployment's runs as crashed when they stop; a run started
    from the command line is not a deployment's, has its own run lock, and would pay for them in time: Prefect
    joins the heartbeat thread at the end of every run, which wakes once a second (0-1 s per run, a third of a
    cycle where nothing changed). Runs from `prisonwatch serve` or a worker keep Prefect's setting, and so does
    this one when PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set (environment or profile)."""
    if "heartbeat_frequency" in get_current_settings().flows.model_fields_set:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def _cycle(db: Path, config: Config, summary: pipeline.RunSummary) -> None:
    """The pipeline's table of contents: prepare, collect (a task per batch of sources), store, compare, health,
    deliver, publish the analysts' snapshot and the run's artifact."""
    logger = get_run_logger()
    known, due, summary.skipped_sources = pipeline.prepare(db, config)
    deadline = time.monotonic() + config.settings.run_budget_seconds
    batches = pipeline.batches(due)
    # quote(): Prefect passes these as they are instead of walking every document and cached validator in
    # them looking for futures (at 1,000 sources that walk cost more than the tasks' own bookkeeping)
    with pipeline.ParsePool(config.settings.parse_processes) as parse:
        futures = [
            collect_task.submit(quote(b), quote(config.settings), quote(known), deadline, _label(b), quote(parse))
            for b in batches
        ]
        results = [r for f in futures for r in f.result()]
    for r in results:
        if r.failed:
            summary.failed_sources.append(r.source_id)
            logger.warning("source %s failed: %s", r.source_id, r.error)
    stored = store_task(db, summary.run_id, quote(results))
    summary.documents, summary.claims_added = stored.documents, stored.claims_added
    summary.changes, summary.alerts_written = compare_task(db, quote(stored.new), config.alerts, summary.run_id)
    summary.health = health_task(db, quote(config))
    summary.delivery = deliver_task(db)
    snapshot_task(db)
    _publish(db, summary, results)


def _label(batch: list[Source]) -> str:
    return batch[0].id if len(batch) == 1 else f"{batch[0].id} .. {batch[-1].id} ({len(batch)} sources)"


@task(name="publish-snapshot", cache_policy=NO_CACHE)
def snapshot_task(db: Path) -> Path | None:
    """A read-only copy for analysts, replaced atomically: their reads never block the next run (a DuckLake
    needs none: its readers see the last commit)."""
    return publish_snapshot(db)


def _publish(db: Path, summary: pipeline.RunSummary, results: list[SourceResult]) -> None:
    """A table artifact with the latest count per series and what changed, plus one event per change."""
    with connect(db) as con:
        latest = q.latest_counts(con)
    changed = {c.series: c for c in summary.changes}
    rows = []
    for metric, org, group, scope, since, value, qualifier, as_of, docs, url in latest:
        key = (metric, org, group or None, scope or None, since or None)
        change = changed.get(key)
        rows.append(
            {
                "metric": metric,
                "org": org,
                "group": group,
                "scope": scope,
                "since": since,
                "value": int(value),
                "qualifier": qualifier,
                "as_of": as_of,
                "documents": int(docs),
                "this_run": change.outcome if change else "",
                "link": url,
            }
        )
    create_table_artifact(
        key="prisonwatch-sources",
        table=[
            {
                "source": r.source_id,
                "ok": not r.failed,
                "documents": len(r.documents),
                "claims": sum(len(d.claims) for d in r.documents),
                "error": r.error or "",
            }
            for r in results
        ],
        description=f"Each source in run {summary.run_id}",
    )
    create_table_artifact(
        key="prisonwatch-latest-counts", table=rows, description=f"Latest count per series after run {summary.run_id}"
    )
    for change in summary.changes:
        _emit(change)


def _emit(change: Change) -> None:
    metric, org, group, scope, since = change.series
    c = change.new.claim
    emit_event(
        event=f"prisonwatch.count.{change.outcome}",
        resource={
            "prefect.resource.id": f"prisonwatch.series.{metric}.{org}.{group}.{scope}.{since}",
            "prefect.resource.name": series_label(change),
        },
        payload={"old_value": change.old_value, "new_value": c.value, "as_of": c.as_of, "url": change.new.url},
    )

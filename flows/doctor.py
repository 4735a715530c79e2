"""`prisonwatch doctor`: the configuration, the database, the chat destinations and each source checked,
with what to do about each problem in plain words."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import apprise
import httpx

from flows.delivery import apprise_send, destinations_from_env
from flows.fetch import fetch, make_client
from flows.sources import Config, load_config
from parsers.errors import AlertError, PrisonwatchError, StorageError
from storage import queries as q
from storage.db import open_file, snapshot_path
from storage.lake import catalog_file, describe, is_lake
from storage.schema import MIGRATIONS


@dataclass(frozen=True, slots=True)
class Check:
    area: str
    status: str  # ok / warn / fail
    message: str


def run_checks(db: Path, sources: Path | None, send_test: bool = False, network: bool = True) -> list[Check]:
    checks: list[Check] = []
    config = _config(sources, checks)
    _database(db, checks)
    _destinations(db, checks, send_test)
    if config is not None and network:
        _sources(config, checks)
    _prefect(checks)
    return checks


def _config(sources: Path | None, checks: list[Check]) -> Config | None:
    try:
        config = load_config(sources)
    except PrisonwatchError as exc:
        checks.append(Check("configuration", "fail", f"{exc}. Fix the source file and run doctor again."))
        return None
    checks.append(Check("configuration", "ok", f"{len(config.sources)} sources in {sources or 'the default list'}"))
    if config.settings.allow_private:
        checks.append(
            Check(
                "configuration",
                "warn",
                "allow_private is on: feeds can make prisonwatch read private "
                "addresses. Turn it off unless you need it.",
            )
        )
    return config


def _database(db: Path, checks: list[Check]) -> None:
    on_lake = is_lake(db)
    shown = describe(str(db)) if on_lake else str(db)
    catalog = catalog_file(str(db)) if on_lake else db
    if catalog is not None and not catalog.exists():
        checks.append(Check("database", "warn", f"no database at {db} yet: the first run creates it"))
        return
    try:
        con = open_file(db, read_only=True, wait=0)
    except StorageError as exc:
        advice = (
            "Check that the catalog is reachable and that the extensions match duckdb (uv sync)."
            if on_lake
            else "If no run is going on, find the process named in the message and close it (analysts should "
            "open the snapshot)."
        )
        checks.append(Check("database", "fail" if on_lake else "warn", f"{exc}. {advice}"))
        return
    try:
        done = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
        pending = [name for name, _ in MIGRATIONS if name not in done]
        if pending:
            checks.append(
                Check(
                    "database",
                    "warn",
                    f"{len(pending)} schema upgrade(s) pending ({', '.join(pending)}):"
                    " the next run applies them, keeping a copy of the file first (a lake keeps its snapshots)",
                )
            )
        else:
            orphans = con.execute(
                "SELECT count(*) FROM claims c LEFT JOIN documents d USING (document_id) WHERE d.document_id IS NULL"
            ).fetchone()[0]
            claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
            if orphans:
                checks.append(
                    Check(
                        "database",
                        "fail",
                        f"{orphans} claims point to no document: restore the copy "
                        "kept before the last upgrade, or run `prisonwatch reextract`",
                    )
                )
            else:
                checks.append(Check("database", "ok", f"{shown}: schema up to date, {claims:,} claims, consistent"))
            pending_messages = len(q.pending_messages(con))
            if pending_messages:
                checks.append(
                    Check(
                        "alerts",
                        "warn",
                        f"{pending_messages} message(s) wait in the outbox: check the "
                        "destinations below, then `prisonwatch deliver`",
                    )
                )
    finally:
        con.close()
    if on_lake:
        checks.append(Check("database", "ok", "DuckLake: analysts attach it read-only; no snapshot file is needed"))
        return
    snap = snapshot_path(db)
    checks.append(
        Check(
            "database",
            "ok" if snap.exists() else "warn",
            f"analysts' snapshot: {snap}" if snap.exists() else "no analysts' snapshot yet: every run publishes one",
        )
    )


def _destinations(db: Path, checks: list[Check], send_test: bool) -> None:
    try:
        dests = destinations_from_env()
    except Exception as exc:  # a missing Prefect Secret block, an unreachable Prefect API
        checks.append(Check("alerts", "fail", f"could not read the chat destinations: {exc}"))
        return
    if not dests:
        checks.append(
            Check(
                "alerts",
                "warn",
                "no chat destination: set PRISONWATCH_ALERT_URLS to apprise URLs, "
                "or PRISONWATCH_ALERT_SECRET_BLOCK to a Prefect Secret block's name",
            )
        )
        return
    for dest in dests:
        if not apprise.Apprise().add(dest.url):
            checks.append(
                Check(
                    "alerts",
                    "fail",
                    f"destination {dest.key} is not a valid apprise URL: check its "
                    "scheme and parts (https://github.com/caronc/apprise/wiki)",
                )
            )
            continue
        if not send_test:
            checks.append(
                Check("alerts", "ok", f"destination {dest.key} is a valid apprise URL (--send-test sends it a message)")
            )
            continue
        try:
            apprise_send(
                dest,
                "prisonwatch: test",
                "A test message from `prisonwatch doctor --send-test`.",
                {"alert_id": "doctor-test"},
            )
        except AlertError as exc:
            checks.append(Check("alerts", "fail", f"{exc}: check the URL, the token and the network"))
        else:
            checks.append(Check("alerts", "ok", f"destination {dest.key} accepted a test message"))


def _sources(config: Config, checks: list[Check]) -> None:
    settings = replace(config.settings, retries=0, timeout_seconds=min(config.settings.timeout_seconds, 10))
    with make_client(settings) as client:
        for source in config.sources:
            got = fetch(client, source.url, settings)
            if got.outcome == "error":
                checks.append(
                    Check(
                        f"source {source.id}",
                        "fail",
                        f"{source.url}: {got.error}. Check the URL in a browser; fix or remove the source",
                    )
                )
            else:
                checks.append(Check(f"source {source.id}", "ok", f"reachable (HTTP {got.status})"))


def _prefect(checks: list[Check]) -> None:
    api = os.environ.get("PREFECT_API_URL")
    if not api:
        checks.append(Check("prefect", "ok", "no PREFECT_API_URL: `run` uses a temporary server, `serve` starts one"))
        return
    try:
        healthy = httpx.get(f"{api.rstrip('/')}/health", timeout=5).status_code == 200
    except httpx.HTTPError as exc:
        healthy = False
        detail = str(exc)
    else:
        detail = "unhealthy answer"
    checks.append(
        Check(
            "prefect",
            "ok" if healthy else "fail",
            f"Prefect API at {api} answers"
            if healthy
            else f"Prefect API at {api}: {detail}. Start `prefect server start` or fix PREFECT_API_URL",
        )
    )

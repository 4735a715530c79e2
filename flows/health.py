"""Source health from the history of runs: one "down" alert after N failed runs in a row, one
"recovered" alert when it works again, one "stale" alert when a source brings nothing relevant for
longer than its expected cadence. Pure: history in, events out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.queries import stable_id


@dataclass(frozen=True, slots=True)
class Run:
    run_id: str
    at: datetime
    ok: bool
    error: str | None


@dataclass(frozen=True, slots=True)
class HealthEvent:
    """A health message; its id is stable, so the same event is never queued twice."""

    event_id: str
    source_id: str
    kind: str  # down / recovered / stale
    text: str


def health_events(
    history: dict[str, list[Run]],
    last_relevant: dict[str, datetime | None],
    stale_after_days: dict[str, int | None],
    down_after: int,
    now: datetime,
    first_runs: dict[str, datetime] | None = None,
) -> list[HealthEvent]:
    """`history` holds each source's recent runs only; `first_runs` its first run ever, which dates a source
    that never brought anything relevant (the oldest run of a moving window would date it anew every run)."""
    events = []
    for source_id, runs in sorted(history.items()):
        streak = _trailing_failures(runs)
        if streak >= down_after:
            first = runs[-streak]
            events.append(
                HealthEvent(
                    stable_id(source_id, "down", first.run_id, size=12),
                    source_id,
                    "down",
                    f"Source down: {source_id} has failed {streak} runs in a row "
                    f"(since {first.at:%d %b %Y %H:%M} UTC). Last error: {runs[-1].error or 'unknown'}",
                )
            )
        elif runs and runs[-1].ok:
            before = _trailing_failures(runs[:-1])
            if before >= down_after:
                events.append(
                    HealthEvent(
                        stable_id(source_id, "recovered", runs[-1].run_id, size=12),
                        source_id,
                        "recovered",
                        f"Source recovered: {source_id} works again after {before} failed runs.",
                    )
                )
    for source_id, days in sorted(stale_after_days.items()):
        if not days:
            continue
        last = last_relevant.get(source_id)
        runs = history.get(source_id) or []
        started = (first_runs or {}).get(source_id) or (runs[0].at if runs else None)
        reference = last or started
        if reference is None or now - reference < timedelta(days=days):
            continue
        since = f"since {last:%d %b %Y}" if last else "ever"
        events.append(
            HealthEvent(
                stable_id(source_id, "stale", reference.isoformat(), size=12),
                source_id,
                "stale",
                f"Source stale: {source_id} has brought no relevant document {since} (expected at least every "
                f"{days} days).",
            )
        )
    return events


def _trailing_failures(runs: list[Run]) -> int:
    count = 0
    for run in reversed(runs):
        if run.ok:
            break
        count += 1
    return count

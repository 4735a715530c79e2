"""Source health: one "down" after N failed runs, one "recovered", one "stale"; never one per run."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from flows.health import Run, health_events

T0 = datetime(2026, 2, 1, 12, 0)


def runs(pattern: str) -> list[Run]:
    """'oxx' = ok, failed, failed (oldest first), one run every 30 minutes."""
    return [
        Run(f"r{i}", T0 + timedelta(minutes=30 * i), c == "o", None if c == "o" else "HTTP 500")
        for i, c in enumerate(pattern)
    ]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("oox", []),
        ("oxx", []),
        ("oxxx", ["down"]),
        ("oxxxx", ["down"]),
        ("oxxxo", ["recovered"]),
        ("oxxo", []),
        ("xxxo", ["recovered"]),
        ("ooo", []),
    ],
)
def test_down_and_recovered(pattern: str, expected: list[str]) -> None:
    events = health_events({"s": runs(pattern)}, {"s": T0}, {}, 3, T0 + timedelta(days=1))
    assert [e.kind for e in events] == expected


def test_down_event_keeps_its_id_while_the_source_stays_down() -> None:
    """The outbox refuses a message id it already has: one alert for the whole outage."""
    ids = {health_events({"s": runs("o" + "x" * n)}, {}, {}, 3, T0)[0].event_id for n in (3, 4, 5, 9)}
    assert len(ids) == 1


def test_a_second_outage_is_a_new_event() -> None:
    first = health_events({"s": runs("oxxx")}, {}, {}, 3, T0)[0].event_id
    second = health_events({"s": runs("oxxxoxxx")}, {}, {}, 3, T0)[0].event_id
    assert first != second


@pytest.mark.parametrize(
    ("days_since_relevant", "stale_after", "expected"), [(3, 7, []), (8, 7, ["stale"]), (30, None, [])]
)
def test_stale(days_since_relevant: int, stale_after: int | None, expected: list[str]) -> None:
    now = T0 + timedelta(days=40)
    last = now - timedelta(days=days_since_relevant)
    events = health_events({"s": runs("ooo")}, {"s": last}, {"s": stale_after}, 3, now)
    assert [e.kind for e in events] == expected


def test_stale_event_keeps_its_id_as_old_runs_leave_the_window() -> None:
    """Health reads each source's recent runs only: a source that never brought anything relevant is dated
    by its first run ever, so its one "stale" message is not sent again every run."""
    now = T0 + timedelta(days=40)
    ids = {
        e.event_id for k in (0, 1, 2) for e in health_events({"s": runs("ooooo")[k:]}, {}, {"s": 7}, 3, now, {"s": T0})
    }
    assert len(ids) == 1


def test_a_source_never_relevant_is_stale_from_its_first_run() -> None:
    now = T0 + timedelta(days=40)
    recent = [Run("r99", now - timedelta(hours=1), True, None)]
    events = health_events({"s": recent}, {}, {"s": 7}, 3, now, {"s": T0})
    assert [e.kind for e in events] == ["stale"]


def test_a_long_outage_is_read_whole_from_storage(db_path) -> None:  # type: ignore[no-untyped-def]
    """An outage longer than any fixed window keeps the id of its first failed run: one "down" message."""
    from storage import connect
    from storage import queries as q

    pattern = "oo" + "x" * 205
    with connect(db_path) as con:
        for i, c in enumerate(pattern):
            q.record_source_runs(con, f"r{i}", [q.SourceRun("s", c == "o", None if c == "o" else "HTTP 500", 0, 0, 0)])
            q.record_source_runs(con, f"r{i}", [q.SourceRun("healthy", True, None, 0, 0, 0)])
        rows = q.source_runs(con)
    history: dict[str, list[Run]] = {}
    for source_id, run_id, finished, ok, error in rows:
        history.setdefault(source_id, []).append(Run(run_id, finished, ok, error))
    assert len(history["healthy"]) == 2  # since its second-to-last good run: nothing older is read
    [down] = health_events(history, {}, {}, 3, T0)
    assert down.kind == "down" and "205 runs in a row" in down.text
    assert down.event_id == q.stable_id("s", "down", "r2", size=12)  # dated by the outage's first failure

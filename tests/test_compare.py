"""Change detection outcomes, as a table of situations."""

from __future__ import annotations

import pytest

from flows.compare import Observation, Rules, detect_changes, replay
from parsers import Claim

FP_RELEASES = ("releases", "foro_penal", None, None, None)


def obs(
    value: int,
    as_of: str | None,
    org: str = "foro_penal",
    metric: str = "releases",
    doc: str = "d1",
    since: str | None = None,
    group: str | None = None,
) -> Observation:
    claim = Claim(metric, value, "exact", org, group, None, as_of, since, f"{value} releases")
    return Observation(f"{doc}-{value}", claim, f"http://example.test/{doc}", as_of)


CASES = [
    # id, new observations, last alerted, baselines, documents per value, expected [(outcome, old, new)]
    ("new-series", [obs(350, "2026-02-04", since="2026-01-08")], {}, {}, {}, [("new", None, 350)]),
    (
        "changed-from-baseline",
        [obs(200, "2024-11-20")],
        {},
        {FP_RELEASES: (131, "2024-11-17")},
        {},
        [("changed", 131, 200)],
    ),
    (
        "unchanged-vs-baseline",
        [obs(131, "2024-11-18")],
        {},
        {FP_RELEASES: (131, "2024-11-17")},
        {},
        [("unchanged", 131, 131)],
    ),
    (
        "changed-from-last-alert",
        [obs(300, "2024-12-01")],
        {FP_RELEASES: (250, "2024-11-25")},
        {FP_RELEASES: (131, "2024-11-17")},
        {},
        [("changed", 250, 300)],
    ),
    ("revised-same-day", [obs(104, "2026-01-10")], {FP_RELEASES: (80, "2026-01-10")}, {}, {}, [("revised", 80, 104)]),
    (
        "reversed-cumulative",
        [obs(90, "2026-01-12")],
        {FP_RELEASES: (104, "2026-01-10")},
        {},
        {},
        [("reversed", 104, 90)],
    ),
    ("older-figure-is-history", [obs(120, "2024-11-01")], {FP_RELEASES: (131, "2024-11-17")}, {}, {}, []),
    (
        "latest-of-several-wins",
        [obs(140, "2024-11-19"), obs(150, "2024-11-21", doc="d2")],
        {},
        {FP_RELEASES: (131, "2024-11-17")},
        {},
        [("changed", 131, 150)],
    ),
    ("media-needs-two-documents", [obs(500, "2025-01-01", org="media")], {}, {}, {}, []),
    (
        "media-with-two-documents",
        [obs(500, "2025-01-01", org="media")],
        {},
        {},
        {(("releases", "media", None, None, None), 500): 2},
        [("new", None, 500)],
    ),
    ("breakdowns-do-not-alert", [obs(20, "2025-01-01", group="women")], {}, {}, {}, []),
]


@pytest.mark.parametrize(("new", "last", "base", "docs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_outcomes(new, last, base, docs, expected) -> None:  # type: ignore[no-untyped-def]
    changes = detect_changes(new, last, base, docs, Rules())
    assert [(c.outcome, c.old_value, c.new.claim.value) for c in changes] == expected


def test_min_change_rule_turns_small_moves_into_unchanged() -> None:
    rules = Rules(min_change={"releases": 5})
    changes = detect_changes([obs(133, "2024-11-20")], {}, {FP_RELEASES: (131, "2024-11-17")}, {}, rules)
    assert [c.outcome for c in changes] == ["unchanged"]


def test_only_new_changed_and_revised_are_alerted() -> None:
    outcomes = {c[0]: c for c in CASES}
    changes = detect_changes(*outcomes["reversed-cumulative"][1:5])
    assert not changes[0].alertable
    changes = detect_changes(*outcomes["revised-same-day"][1:5])
    assert changes[0].alertable


def test_same_value_from_another_document_is_corroborated() -> None:
    last = {FP_RELEASES: (250, "2024-11-25")}
    urls = {FP_RELEASES: "http://example.test/d1"}
    same_doc = detect_changes([obs(250, "2024-11-25", doc="d1")], last, {}, {}, Rules(), urls)
    other_doc = detect_changes([obs(250, "2024-11-26", doc="d2")], last, {}, {}, Rules(), urls)
    assert [c.outcome for c in same_doc] == ["unchanged"]
    assert [c.outcome for c in other_doc] == ["corroborated"] and not other_doc[0].alertable


WAVE_1 = ("releases", "foro_penal", None, None, "2026-01-08")


def test_replay_follows_a_season_of_documents() -> None:
    """A release wave told over weeks: new wave, change, same-day revision, repeat elsewhere, a reversal."""
    docs = [
        obs(80, "2026-01-10", doc="a", since="2026-01-08"),
        obs(104, "2026-01-10", doc="b", since="2026-01-08"),  # provisional figure revised the same day
        obs(104, "2026-01-11", doc="c", since="2026-01-08"),  # another outlet repeats it
        obs(150, "2026-01-15", doc="d", since="2026-01-08"),
        obs(140, "2026-01-16", doc="e", since="2026-01-08"),  # a misread or a correction: not a fall
        obs(131, "2024-11-20", doc="f"),  # the old series (since none) equals its baseline
    ]
    base = {FP_RELEASES: (131, "2024-11-17")}
    got = [(c.outcome, c.series[-1], c.old_value, c.new.claim.value) for c in replay(docs, base)]
    assert got == [
        ("unchanged", None, 131, 131),
        ("new", "2026-01-08", None, 80),
        ("revised", "2026-01-08", 80, 104),
        ("corroborated", "2026-01-08", 104, 104),
        ("changed", "2026-01-08", 104, 150),
        ("reversed", "2026-01-08", 150, 140),
    ]

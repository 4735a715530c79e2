"""Change detection: stored state and new claims in, named outcomes out. Pure: no IO.

A series is (metric, org, group, scope, since). For each series touched by new claims this run, the
latest claim (by as_of, then publication) is compared with the last value alerted for the series,
or with the founding article's baseline when nothing was alerted yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.claims import Claim

Series = tuple[str, str, str | None, str | None, str | None]
CUMULATIVE = {"releases", "detentions", "releases_announced"}


@dataclass(frozen=True, slots=True)
class Observation:
    """A stored claim with what compare needs to know about where it came from."""

    claim_id: str
    claim: Claim
    url: str
    published: str | None


@dataclass(frozen=True, slots=True)
class Change:
    """One named outcome for a series: new / changed / revised / reversed / corroborated / unchanged."""

    outcome: str
    series: Series
    new: Observation
    old_value: int | None
    old_as_of: str | None
    baseline_value: int | None
    baseline_as_of: str | None
    documents: int
    old_from: str | None = None  # "alert" (the last value alerted) or "baseline"

    @property
    def alertable(self) -> bool:
        return self.outcome in ("new", "changed", "revised")


@dataclass(frozen=True, slots=True)
class Rules:
    """Noise control. Unattributed press figures need this many documents before they move a series."""

    media_min_documents: int = 2
    headline_only: bool = True
    min_change: dict[str, int] = field(default_factory=dict)


def _order(o: Observation) -> tuple[str, str]:
    return (o.claim.as_of or "", o.published or "")


def detect_changes(
    new: list[Observation],
    last_alerted: dict[Series, tuple[int, str | None]],
    baselines: dict[Series, tuple[int, str]],
    documents: dict[tuple[Series, int], int],
    rules: Rules | None = None,
    last_urls: dict[Series, str] | None = None,
) -> list[Change]:
    """One Change per series that new claims touch, in a stable order."""
    rules = rules or Rules()
    last_urls = last_urls or {}
    by_series: dict[Series, list[Observation]] = {}
    for o in new:
        if rules.headline_only and not o.claim.is_headline:
            continue
        by_series.setdefault(o.claim.series, []).append(o)
    changes = []
    for series in sorted(by_series, key=lambda s: tuple(x or "" for x in s)):
        latest = max(by_series[series], key=_order)
        c = latest.claim
        docs = documents.get((series, c.value), 1)
        if c.org == "media" and docs < rules.media_min_documents:
            continue
        base = baselines.get(series)
        prev = last_alerted.get(series)
        base_value, base_as_of = (base[0], base[1]) if base else (None, None)
        old_from: str | None
        if prev is not None:
            (old_value, old_as_of), old_from = prev, "alert"
        elif base is not None:
            (old_value, old_as_of), old_from = base, "baseline"
        else:
            old_value = old_as_of = old_from = None
        if old_as_of and c.as_of and c.as_of < old_as_of:
            continue  # an older figure surfacing again is history, not news
        outcome = _outcome(c, old_value, old_as_of)
        if outcome == "unchanged" and old_from == "alert" and latest.url != last_urls.get(series, latest.url):
            outcome = "corroborated"  # the same figure, now also from another document
        if outcome in ("changed", "revised") and old_value is not None:
            if abs(c.value - old_value) < rules.min_change.get(c.metric, 1):
                outcome = "unchanged"
        changes.append(Change(outcome, series, latest, old_value, old_as_of, base_value, base_as_of, docs, old_from))
    return changes


def _outcome(c: Claim, old_value: int | None, old_as_of: str | None) -> str:
    if old_value is None:
        return "new"
    if c.value == old_value:
        return "unchanged"
    if old_as_of and c.as_of == old_as_of:
        return "revised"
    if c.metric in CUMULATIVE and c.value < old_value:
        return "reversed"
    return "changed"


def replay(
    observations: list[Observation],
    baselines: dict[Series, tuple[int, str]],
    rules: Rules | None = None,
) -> list[Change]:
    """Every outcome the stored claims would have produced, had they arrived one document at a time in
    publication order from an empty outbox: what `prisonwatch changes` shows, nothing is sent."""
    by_doc: dict[str, list[Observation]] = {}
    for o in sorted(observations, key=lambda o: (o.published or "", o.claim.as_of or "", o.url)):
        by_doc.setdefault(o.url, []).append(o)
    last: dict[Series, tuple[int, str | None]] = {}
    urls: dict[Series, str] = {}
    seen: dict[tuple[Series, int], set[str]] = {}
    out: list[Change] = []
    for url, batch in by_doc.items():
        for o in batch:
            seen.setdefault((o.claim.series, o.claim.value), set()).add(url)
        documents = {k: len(v) for k, v in seen.items()}
        for change in detect_changes(batch, last, baselines, documents, rules, urls):
            out.append(change)
            if change.alertable:
                last[change.series] = (change.new.claim.value, change.new.claim.as_of)
                urls[change.series] = change.new.url
    return out

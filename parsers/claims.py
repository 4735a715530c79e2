"""Typed records that cross package boundaries: count claims and fetched documents."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

METRICS = (
    "political_prisoners",
    "releases",
    "releases_announced",
    "detentions",
    "disappeared",
    "restricted_liberty",
)
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "fewer_than", "up_to")
ORGS = ("foro_penal", "government", "other_ngo", "media", "other")
GROUPS = ("men", "women", "civilians", "military", "foreigners", "minors")

METRIC_LABELS = {
    "political_prisoners": "political prisoners held",
    "releases": "releases",
    "releases_announced": "releases announced",
    "detentions": "detentions",
    "disappeared": "people disappeared",
    "restricted_liberty": "people under restrictive measures",
}
ORG_LABELS = {
    "foro_penal": "Foro Penal",
    "government": "the government",
    "other_ngo": "another NGO",
    "media": "the press",
    "other": "another source",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """One count of people asserted by someone, as LABELS.md defines it."""

    metric: str
    value: int
    qualifier: str = "exact"
    org: str = "media"
    group: str | None = None
    scope: str | None = None
    as_of: str | None = None
    since: str | None = None
    evidence: str = ""

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}")
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}")
        if self.org not in ORGS:
            raise ValueError(f"unknown org {self.org!r}")
        if self.group is not None and self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}")

    @property
    def series(self) -> tuple[str, str, str | None, str | None, str | None]:
        """The series this claim belongs to: (metric, org, group, scope, since)."""
        return (self.metric, self.org, self.group, self.scope, self.since)

    @property
    def is_headline(self) -> bool:
        return self.group is None and self.scope is None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        keys = cls.__dataclass_fields__.keys()
        return cls(**{k: d[k] for k in keys if k in d})


@dataclass(frozen=True, slots=True)
class Document:
    """A piece of text worth extracting: an article page, a feed item or a post."""

    url: str
    text: str
    title: str = ""
    published: str | None = None
    lang: str | None = None
    links: tuple[str, ...] = field(default=())

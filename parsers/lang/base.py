"""The one typed interface every language table fills; the engine reads only this."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """Everything language-specific the extractor knows, as data.

    Regex fragments are case-insensitive and matched on word boundaries by the engine.
    Each cue list maps a fragment to what it signals.
    """

    code: str
    stopwords: frozenset[str]
    # numbers
    number_words: frozenset[str]  # words text2num can read for this language
    number_connectors: frozenset[str]  # "y", "and", "e" inside a spelled number
    one_words: frozenset[str]  # "un", "one": a count only right before a person noun
    scale_words: dict[str, int]  # "mil" -> 1000 after a digit ("18 mil", "1,5 mil")
    quantity_words: dict[str, int]  # "un centenar" -> 100 (approximate counts)
    # phrases before a number that qualify it (ordered: longer first)
    qualifiers: dict[str, str]
    # what follows a number when it is not a count of people
    non_count_units: tuple[str, ...]
    # cues
    event_nouns: dict[str, str]  # noun -> metric ("excarcelaciones" -> releases)
    person_nouns: dict[str, str | None]  # noun -> default metric or None ("personas")
    verbs: dict[str, str]  # verb form -> cue: release / arrest / hold / disappear / restrict
    future: tuple[str, ...]  # markers that make a release promised, not done
    groups: dict[str, str]  # noun -> group
    org_aliases: dict[str, str]  # name -> org
    reporting: tuple[str, ...]  # reporting verbs that carry the last speaker ("dijo", "said")
    anaphora: tuple[str, ...]  # "la ONG", "the organization": refers to the last named org
    subset_markers: tuple[str, ...]  # "of whom", "de ellos": what follows is a breakdown
    # dates
    months: dict[str, int]
    weekdays: dict[str, int]  # Monday = 0
    today: tuple[str, ...]
    yesterday: tuple[str, ...]
    as_of_preps: tuple[str, ...]  # "al", "as of", "hasta"
    since_preps: tuple[str, ...]  # "desde", "since"
    range_preps: tuple[tuple[str, str], ...]  # ("between", "and"), ("from", "to")
    this_year: tuple[str, ...]
    end_of: tuple[str, ...]  # "end of", "finales de"
    date_order: str = "dmy"  # "mdy" for English month-first dates
    holidays: dict[str, tuple[int, int]] = field(default_factory=dict)  # "navidad" -> (12, 25)
    last_year: tuple[str, ...] = field(default=())  # "del año pasado": the year before publication
    foreign_places: tuple[str, ...] = field(default=())

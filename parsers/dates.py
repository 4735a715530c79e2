"""Dates in news text, resolved against the publication date: "al 2 de febrero", "as of Sunday"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from parsers.lang.base import Language


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text. `value` is ISO (YYYY-MM-DD or YYYY-MM); `role` comes from the preposition."""

    start: int
    end: int
    value: str | None  # None when the year cannot be known (no publication date)
    first_day: str | None  # for since: the first day of a month or year
    last_day: str | None  # for as_of of a period: the last day of a month or year
    role: str  # "since" | "as_of" | "range_start" | "range_end" | "bare"
    precision: str  # "day" | "month" | "year"


def month_end(text: str | None) -> date | None:
    """The last day of a "YYYY-MM" month: a reference for dates in a month-only publication."""
    if not text or not re.fullmatch(r"\d{4}-\d{2}", text):
        return None
    y, mth = int(text[:4]), int(text[5:7])
    return date(y, mth, calendar.monthrange(y, mth)[1])


def parse_published(published: str | None) -> tuple[date | None, str | None]:
    """The publication date as a date (full dates only) and as given (YYYY-MM kept for months)."""
    if not published:
        return None, None
    text = published.strip()[:10]
    try:
        return date.fromisoformat(text), text
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}", text[:7]):
        return None, text[:7]
    return None, None


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class DateReader:
    """Finds and resolves date phrases in one language."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._months = {k.lower(): v for k, v in lang.months.items()}
        self._weekdays = {k.lower(): v for k, v in lang.weekdays.items()}
        self._holidays = {k.lower(): v for k, v in lang.holidays.items()}
        months = _alt(list(lang.months))
        weekdays = _alt(list(lang.weekdays))
        year = r"(?:de(?:l)?\s+|,\s*|\s)?(?P<y>(?:19|20)\d{2})"
        dm = rf"(?P<d>\d{{1,2}})(?:º|°)?(?:\s+de)?\s+(?P<m>{months})(?:\s*{year})?"
        md = rf"(?P<m2>{months})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*{year.replace('y>', 'y2>')})?"
        my = rf"(?P<m3>{months})(?:\s+(?:de(?:l)?\s+)?|\s*,?\s*)(?P<y3>(?:19|20)\d{{2}})"
        numeric = r"(?P<nd>\d{1,2})/(?P<nm>\d{1,2})/(?P<ny>(?:19|20)\d{2})"
        iso = r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})"
        # "sábado 31", "quinta-feira (15)", "Wednesday the 28th": a weekday with its day of the month
        wd = (
            rf"(?P<w>{weekdays})(?:(?:\s+|\s*\(\s*)(?:dia\s+|el\s+|the\s+)?"
            rf"(?P<wday>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*\))?(?!\d|\s*(?:de\s+)?(?:{months})\b))?"
        )
        mo = rf"(?P<m4>{months})"
        yr = r"(?P<y5>(?:19|20)\d{2})"
        today = rf"(?P<t>{_alt(lang.today)})"
        yday = rf"(?P<yd>{_alt(lang.yesterday)})"
        this_year = rf"(?P<ty>{_alt(lang.this_year)})"
        end_of = (
            rf"(?P<eo>{_alt(lang.end_of)})\s+(?:(?:de|of|del)\s+)?"
            rf"(?:(?P<eom>{months})(?:\s+(?:de\s+)?(?P<eomy>(?:19|20)\d{{2}}))?|(?P<eoy>(?:19|20)\d{{2}}))"
        )
        never = "(?!x)x"  # an alternative that matches nothing, for empty tables
        holidays, last_year = _alt(list(lang.holidays)) or never, _alt(lang.last_year) or never
        holiday = (
            rf"(?P<h>{holidays})"
            rf"(?:\s+(?:(?:de|del|of|do|da|di|)\s*(?P<hy>(?:19|20)\d{{2}})|(?P<hl>{last_year})))?"
        )
        previous_year = rf"(?P<ly>{last_year})"
        # "#19Feb", "#25Dic": the day and month of a post
        abbreviations = {name.rstrip(".")[:3].lower(): number for name, number in lang.months.items() if len(name) >= 3}
        self._abbreviations = abbreviations
        # "sábado, dia 23 de fevereiro", "Saturday, February 23": a weekday that fixes an unwritten year
        self._weekday_before = re.compile(rf"(?P<w>{weekdays})\s*,?\s*(?:(?:dia|el|the|le|il|o)\s+)?$", re.IGNORECASE)
        hashtag = rf"\#(?P<hd>\d{{1,2}})(?P<hm>{_alt(list(abbreviations))})"
        body = "|".join(
            (end_of, iso, numeric, hashtag, dm, md, my, holiday, wd, this_year, previous_year, today, yday, mo, yr)
        )
        flags = re.IGNORECASE
        self.last_year_re = re.compile(rf"(?:{last_year})", flags)  # "el año pasado": a whole period
        self._date = re.compile(rf"(?<![\w/-])(?:{body})(?![\w/])", flags)
        # "desde el pasado 8 de enero", "since last December": the preposition may take "pasado", "last"
        last = r"(?:(?:pasado|passado|scorso|last|past)\s+)?"
        self._since = re.compile(rf"(?:{_alt(lang.since_preps)})\s+(?:(?:the|el|la|o|a|le)\s+)?{last}$", flags)
        self._as_of = re.compile(rf"(?:{_alt(lang.as_of_preps)})\s+(?:(?:the|el|la|o|a|le)\s+)?{last}$", flags)
        # "até", "hasta", "until": the end words of ranges, which close a period when they stand alone
        ends = sorted(
            {b for _, b in lang.range_preps} & {p.split()[0] for p in lang.as_of_preps}, key=len, reverse=True
        )
        self._until = re.compile(rf"(?<!\w)(?:{_alt(ends) or never})\s+(?:(?:the|el|la|o|a|le|ao)\s+)?$", flags)
        self._range = [
            # "from July 28, when the country voted, to August 8": an aside may stand between the two ends
            (
                re.compile(rf"(?<!\w){re.escape(a)}\s+(?:(?:el|la|the|o|a|le)\s+)?$", flags),
                re.compile(
                    rf"^\s*(?:,[^,.;]{{0,80}},\s*)?{re.escape(b)}\s+"
                    r"(?:(?:las?\s+|the\s+|as\s+)?\d{1,2}[.:h]\d{2}\s*(?:horas?|hrs?|h)?\s*(?:del?|of|do|da)?\s+"
                    r"|(?:el|la|the|o|a|le)\s+)?",
                    flags,
                ),
            )
            for a, b in lang.range_preps
        ]

    def find(self, text: str, published: date | None, year_ref: date | None = None) -> list[DateMention]:
        """Date phrases with their roles. `year_ref` (a month-only publication's last day) lets "8 de enero"
        get a year when the exact publication day is unknown."""
        raw = [m for m in self._date.finditer(text)]
        ref = published or year_ref or self._latest_full_date(raw, text)
        out: list[DateMention] = []
        for i, m in enumerate(raw):
            resolved = self._resolve(m, published, ref)
            if resolved is None:
                continue
            value, first, last, precision = resolved
            before = text[max(0, m.start() - 25) : m.start()]
            role = "bare"
            if self._since.search(before) or _SINCE_EVENT.search(text[max(0, m.start() - 60) : m.start()]):
                role = "since"  # also "since protests began on February 4", "desde la aprobación ... el jueves"
            elif self._as_of.search(before):
                role = "as_of"
            for start_re, end_re in self._range:
                if start_re.search(before) and i + 1 < len(raw) and end_re.match(text[m.end() : raw[i + 1].start()]):
                    role = "range_start"
                    break
            if role == "bare":
                # "las elecciones del 28 de julio", "the July 28 election": the date names an event, not a count's
                # day; "desde las elecciones del 28 de julio" is a start
                event = _EVENT_BEFORE.search(text[max(0, m.start() - 90) : m.start()])
                if event is not None:
                    role = "since" if event.group("since") else "name"
                elif _EVENT_AFTER.match(text, m.end()):
                    role = "name"
            if out and out[-1].role == "range_start":
                gap = text[out[-1].end : m.start()]
                if any(end_re.match(gap) for _, end_re in self._range):
                    role = "range_end"
                    out[-1] = _align_range_start(out[-1], value)
            out.append(DateMention(m.start(), m.end(), value, first, last, role, precision))
        return self._days_alone(text, _year_lists(text, out))

    def _days_alone(self, text: str, found: list[DateMention]) -> list[DateMention]:
        """ "102 fueron excarcelados en Nochebuena y el 31 salieron otros 92": a bare day number after a full
        date is a day of that month (or of the next, when it is smaller)."""
        days = [d for d in found if d.precision == "day" and d.value]
        extra = []
        for m in _DAY_RANGE_START.finditer(text):  # "entre el 23 y el 24 de agosto", "del 23 al 24 de agosto"
            end = next((d for d in days if d.start == m.end()), None)
            if end is None or not end.value or int(m.group("dd")) >= int(end.value[8:10]):
                continue
            iso = f"{end.value[:8]}{int(m.group('dd')):02d}"
            extra.append(DateMention(m.start("dd"), m.end("dd"), iso, iso, iso, "range_start", "day"))
            i = found.index(end)
            found[i] = replace(end, role="range_end")
        for m in _DAY_ALONE.finditer(text):
            if any(d.start <= m.start() < d.end for d in found) or any(d.start == m.start("dd") for d in extra):
                continue
            previous = [d for d in days if d.end <= m.start() and m.start() - d.end <= 250]
            if not previous:
                continue
            base = date.fromisoformat(previous[-1].value or "")
            day = int(m.group("dd"))
            year, month = (base.year, base.month) if day >= base.day else _next_month(base.year, base.month)
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                continue
            iso = f"{year}-{month:02d}-{day:02d}"
            extra.append(DateMention(m.start("dd") - 0, m.end("dd"), iso, iso, iso, "bare", "day"))
        return sorted(found + extra, key=lambda d: d.start) if extra else found

    def document_date(self, text: str, found: list[DateMention]) -> date | None:
        """For a text with no publication date, the day it speaks from, among the dates `find` gave: the latest
        day it dates by its weekday ("deste sábado, dia 23 de fevereiro") or gives as the end of a period ("de
        julho de 2024 até 15 de junho de 2025"). Other full dates ("em 12 de outubro de 2021, morreu") may be
        any past event."""
        days = []
        for d in found:
            if d.precision != "day" or not d.value:
                continue
            before = text[max(0, d.start - 30) : d.start]
            day = date.fromisoformat(d.value)
            weekday = self._weekday_before.search(before)
            if (
                d.role == "range_end"
                or (d.role == "as_of" and self._until.search(before))
                or (weekday is not None and self._weekdays[weekday["w"].lower()] == day.weekday())
            ):
                days.append(day)
        return max(days, default=None)

    def _latest_full_date(self, raw: list[re.Match[str]], text: str) -> date | None:
        """With no publication date, the latest date the text writes out with its year ("December 31, 2017"),
        or with a weekday that fixes the year ("sábado, 23 de febrero"), stands in for it, so "April 1" in the
        same report gets a year."""
        latest: date | None = None
        for m in raw:
            g = m.groupdict()
            if g["y"] or g["y2"] or g["ny"] or g["iy"]:
                resolved = self._resolve(m, None, None)
                day = date.fromisoformat(resolved[0]) if resolved and resolved[3] == "day" and resolved[0] else None
            else:
                day = self._weekday_fixed(m, text)
            if day is not None:
                latest = day if latest is None or day > latest else latest
        return latest

    def _weekday_fixed(self, m: re.Match[str], text: str) -> date | None:
        """A day and month without a year, after a weekday: the latest such day that fell on that weekday."""
        g = m.groupdict()
        if not (g["d"] or g["d2"]) or g["y"] or g["y2"]:
            return None
        weekday = self._weekday_before.search(text[max(0, m.start() - 30) : m.start()])
        if weekday is None:
            return None
        month = self._months[(g["m"] or g["m2"]).lower()]
        return year_by_weekday(month, int(g["d"] or g["d2"]), self._weekdays[weekday["w"].lower()])

    def _resolve(
        self, m: re.Match[str], pub: date | None, ref: date | None
    ) -> tuple[str | None, str | None, str | None, str] | None:
        g = m.groupdict()
        months = self._months
        if g["eo"]:
            if g["eoy"]:
                y = int(g["eoy"])
                return _month_end(y, 12), f"{y}-01-01", _month_end(y, 12), "day"
            month = months[g["eom"].lower()]
            y = int(g["eomy"]) if g["eomy"] else _infer_year(ref, month, 1)
            if y is None:
                return None
            return f"{y}-{month:02d}", f"{y}-{month:02d}-01", _month_end(y, month), "month"
        if g["h"]:
            month, day = self._holidays[g["h"].lower()]
            if g["hy"]:
                y: int | None = int(g["hy"])
            elif g["hl"] and ref is not None:
                y = ref.year - 1
            else:
                y = _infer_year(ref, month, day)
            return _day(y, month, day) if y else None
        if g["iy"]:
            return _day(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["hd"]:
            day, month = int(g["hd"]), self._abbreviations[g["hm"].lower()]
            y = _infer_year(ref, month, day)
            return _day(y, month, day) if y and 1 <= day <= 31 else None
        if g["nd"]:
            return _day(int(g["ny"]), int(g["nm"]), int(g["nd"]))
        if g["d"] or g["d2"]:
            d = int(g["d"] or g["d2"])
            month = months[(g["m"] or g["m2"]).lower()]
            y_text = g.get("y") or g.get("y2")
            y = int(y_text) if y_text else _infer_year(ref, month, d)
            if y is None or not 1 <= d <= 31:
                return None
            return _day(y, month, d)
        if g["m3"]:
            y, month = int(g["y3"]), months[g["m3"].lower()]
            return f"{y}-{month:02d}", f"{y}-{month:02d}-01", _month_end(y, month), "month"
        if g["w"] and g["wday"]:
            day_of_month = int(g["wday"])
            if ref is None or not 1 <= day_of_month <= 31:
                return None
            month_start = ref.replace(day=1)
            if day_of_month > ref.day:  # "sábado 31" read on 2 September: the 31st of the month before
                month_start = (month_start - timedelta(days=1)).replace(day=1)
            if day_of_month > calendar.monthrange(month_start.year, month_start.month)[1]:
                return None
            return _day(month_start.year, month_start.month, day_of_month)
        if g["w"]:
            if pub is None:
                return None
            wd = self._weekdays[g["w"].lower()]
            day = pub - timedelta(days=(pub.weekday() - wd) % 7)
            return _day(day.year, day.month, day.day)
        if g["ly"]:
            if ref is None:
                return None
            y = ref.year - 1
            return str(y), f"{y}-01-01", f"{y}-12-31", "year"
        if g["ty"]:
            if pub is None:
                return None
            return str(pub), f"{pub.year}-01-01", str(pub), "year"
        if g["t"]:
            return (str(pub), None, str(pub), "day") if pub else None
        if g["yd"]:
            if pub is None:
                return None
            day = pub - timedelta(days=1)
            return _day(day.year, day.month, day.day)
        if g["m4"]:
            month = months[g["m4"].lower()]
            y = _infer_year(ref, month, 1)
            if y is None:
                return None
            return f"{y}-{month:02d}", f"{y}-{month:02d}-01", _month_end(y, month), "month"
        if g["y5"]:
            y = int(g["y5"])
            if ref and y > ref.year:
                return None
            return str(y), f"{y}-01-01", f"{y}-12-31", "year"
        return None


_DAY_RANGE_START = re.compile(
    r"\b(?:entre|between|del|de|from|tra|fra|du)\s+(?:el\s+|il\s+|le\s+|o\s+|the\s+)?(?P<dd>[0-3]?\d)"
    r"\s+(?:y|e|and|al|a|to|et|au)\s+(?:el\s+|il\s+|le\s+|o\s+|the\s+)?(?=\d)",
    re.IGNORECASE,
)
_DAY_ALONE = re.compile(
    r"\b(?:el|il|le|dia)\s+(?P<dd>[0-3]?\d)\b(?!\s*(?:%|º|°|de\b|del\b|di\b|por\b|per\b|[.,]\d))", re.IGNORECASE
)


def _year_lists(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "entre los años 2017, 2018 y 2019": a list of years after "between" is one period, first to last."""
    out = list(found)
    i = 0
    while i < len(out):
        d = out[i]
        lead = text[max(0, d.start - 25) : d.start]
        if d.precision == "year" and _BETWEEN_YEARS.search(lead):
            j = i
            while (
                j + 1 < len(out)
                and out[j + 1].precision == "year"
                and _YEAR_SEP.fullmatch(text[out[j].end : out[j + 1].start])
            ):
                j += 1
            if j > i:
                out[i] = replace(d, role="range_start")
                out[j] = replace(out[j], role="range_end")
                for k in range(i + 1, j):
                    out[k] = replace(out[k], role="name")
            i = j + 1
        else:
            i += 1
    return out


_SINCE_EVENT = re.compile(
    r"\b(?:since|desde(?: que)?|depuis(?: que)?|dal(?:la)?|desde a)\b[^,.;:\d]{3,50}\b(?:on|el|em|le|il|no|na)\s+"
    r"(?:(?:pasado|passado|last|past|scorso)\s+)?$",
    re.IGNORECASE,
)
_BETWEEN_YEARS = re.compile(
    r"\b(?:entre|between|tra|fra)\s+(?:los\s+años\s+|the\s+years\s+|os\s+anos\s+|gli\s+anni\s+)?$", re.I
)
_YEAR_SEP = re.compile(r"\s*(?:,|y|e|and|et)\s*")


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


_EVENT_WORDS = (
    r"(?:elecciones|comicios|presidenciales|election|elections|vote|eleições|eleição|pleito|elezioni|élections|"
    r"élection|scrutin|votaciones)"
)
_EVENT_BEFORE = re.compile(
    rf"(?:(?P<since>\b(?:desde|since|depuis|dal|dalle|dalla|tras|after|following|após|depois\s+d[aeo]s?|dopo|après)\b)"
    rf"\s+)?(?:\b(?:las|los|la|el|the|as|os|a|o|le|les|l'|il|i|le)\s+)?(?:[^\W\d]+\s+)?{_EVENT_WORDS}\s+"
    rf"(?:presidenciales\s+|presidential\s+|presidenciais\s+|presidenziali\s+|présidentielles?\s+)?"
    rf"(?:del|de|of|do|da|dell'|du|on|held on|held in|in|celebradas el|celebradas en|realizadas em|em)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_EVENT_AFTER = re.compile(r"\s*(?:presidential\s+)?(?:election|elections|vote)\b", re.IGNORECASE)


def _align_range_start(start: DateMention, end_value: str | None) -> DateMention:
    """Give "from April 1 to December 31, 2017" the end's year when the inferred start falls after it."""
    if not (start.value and end_value and start.value > end_value):
        return start
    year = end_value[:4]

    def swap(v: str | None) -> str | None:
        return year + v[4:] if v else v

    return DateMention(
        start.start,
        start.end,
        swap(start.value),
        swap(start.first_day),
        swap(start.last_day),
        start.role,
        start.precision,
    )


def _day(y: int, mth: int, d: int) -> tuple[str, str, str, str] | None:
    try:
        iso = date(y, mth, d).isoformat()
    except ValueError:
        return None
    return iso, iso, iso, "day"


def _month_end(y: int, mth: int) -> str:
    return f"{y}-{mth:02d}-{calendar.monthrange(y, mth)[1]:02d}"


def year_by_weekday(month: int, day: int, weekday: int, today: date | None = None) -> date | None:
    """The latest day-and-month on or before today that falls on the weekday ("sábado 23 de febrero": 2019),
    looking back no more than the eleven years in which every weekday recurs."""
    today = today or date.today()
    for year in range(today.year, today.year - 12, -1):
        try:
            day_ = date(year, month, day)
        except ValueError:
            continue
        if day_ <= today and day_.weekday() == weekday:
            return day_
    return None


def _infer_year(pub: date | None, month: int, day: int) -> int | None:
    """The year that puts a day-and-month date at or before publication (news looks back)."""
    if pub is None:
        return None
    y = pub.year
    try:
        if date(y, month, min(day, 28)) > pub + timedelta(days=2):
            y -= 1
    except ValueError:
        return None
    return y

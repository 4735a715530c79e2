"""Alert messages in plain words, built from change outcomes only; scraped text is made inert."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from flows.compare import Change
from parsers.claims import METRIC_LABELS, ORG_LABELS
from storage.queries import stable_id

GROUP_LABELS = {
    "men": "men",
    "women": "women",
    "civilians": "civilians",
    "military": "military",
    "foreigners": "foreigners",
    "minors": "minors",
}
_MENTION = re.compile(r"<[!@#][^>]*>|@(?=(?:channel|here|everyone|all|room)\b)|@(?=\w)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

Baseline = tuple[str, str, int, str, str]  # metric, org, value, qualifier, as_of


def defuse(text: str, limit: int = 400) -> str:
    """Scraped text made inert for chat: no pings (@channel, <!here>, <@U1>), no control characters,
    no markup that closes a code span or opens a link."""
    text = _CONTROL.sub(" ", text)
    text = _MENTION.sub(
        lambda m: m.group(0).replace("<", "‹").replace(">", "›") if m.group(0).startswith("<") else "@\u200b", text
    )
    text = text.replace("`", "'").replace("[", "(").replace("]", ")")
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def human_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    try:
        d = date.fromisoformat(iso)
        return f"{d.day} {d:%b %Y}"
    except ValueError:
        return iso


def series_label(change: Change) -> str:
    metric, org, group, scope, since = change.series
    parts = [METRIC_LABELS[metric]]
    if group:
        parts.append(f"({GROUP_LABELS.get(group, group)})")
    if scope:
        parts.append(f"in {defuse(scope, 60)}")
    label = " ".join(parts) + f" according to {ORG_LABELS[org]}"
    if since:
        label += f", counted since {human_date(since)}"
    return label


def alert_id(change: Change) -> str:
    """Stable: the same series reaching the same value for the same date is the same alert."""
    c = change.new.claim
    return stable_id(*change.series, c.value, c.as_of, size=12)


def _signed(n: int) -> str:
    return f"+{n:,}" if n >= 0 else f"{n:,}"


def _qual(q: str) -> str:
    return {
        "exact": "",
        "approx": "about ",
        "at_least": "at least ",
        "more_than": "more than ",
        "fewer_than": "fewer than ",
        "up_to": "up to ",
    }[q]


def change_lines(
    change: Change, others: Iterable[tuple[str, int, str | None]] = (), baselines: Iterable[Baseline] = ()
) -> list[str]:
    """What a change says, line by line: the series, old -> new, the baseline, the claimant, quote, link."""
    c = change.new.claim
    label = series_label(change)
    lines = [label[0].upper() + label[1:] + ":"]
    if change.old_value is None:
        lines.append(f"New figure: {_qual(c.qualifier)}{c.value:,} (as of {human_date(c.as_of)}).")
        context = [f"{ORG_LABELS[o]} {_qual(q)}{v:,} ({human_date(a)})" for m, o, v, q, a in baselines if m == c.metric]
        if context:
            lines.append("For context, the baseline: " + "; ".join(context) + ".")
    else:
        verb = "Revised" if change.outcome == "revised" else "Changed"
        since = "since the last alert" if change.old_from == "alert" else "from the baseline"
        lines.append(
            f"{verb} {since}: {change.old_value:,} ({human_date(change.old_as_of)}) -> "
            f"{_qual(c.qualifier)}{c.value:,} ({human_date(c.as_of)}), {_signed(c.value - change.old_value)}."
        )
    if change.baseline_value is not None and change.old_from != "baseline":
        lines.append(
            f"Since the baseline of {human_date(change.baseline_as_of)} ({change.baseline_value:,}): "
            f"{_signed(c.value - change.baseline_value)}."
        )
    lines.append(f"Said by {ORG_LABELS[c.org]}; seen in {change.documents} document(s).")
    lines.append(f'Quote: "{defuse(c.evidence)}"')
    lines.append(f"Link: {defuse(change.new.url, 300)}")
    side = [f"{ORG_LABELS[o]}: {v:,} ({human_date(a)})" for o, v, a in others if o != c.org]
    if side:
        lines.append("Other claimants: " + "; ".join(side) + ".")
    return lines


def change_fields(change: Change) -> dict[str, Any]:
    """What a change is, as a record: its outcome, series, old and new values, date and link."""
    metric, org, group, scope, since = change.series
    c = change.new.claim
    return {
        "outcome": change.outcome,
        "metric": metric,
        "org": org,
        "group": group,
        "scope": scope,
        "since": since,
        "old_value": change.old_value,
        "new_value": c.value,
        "as_of": c.as_of,
        "url": change.new.url,
    }


def build_alert(
    change: Change, others: Iterable[tuple[str, int, str | None]] = (), baselines: Iterable[Baseline] = ()
) -> dict[str, Any]:
    """The alerts row for one change: its message (id in the footer) and a JSON payload with the id."""
    c = change.new.claim
    aid = alert_id(change)
    message = "\n".join([*change_lines(change, others, baselines), f"-- alert {aid}"])
    common = {"alert_id": aid, **change_fields(change), "baseline_value": change.baseline_value}
    payload = {
        **common,
        "qualifier": c.qualifier,
        "evidence": defuse(c.evidence),
        "title": f"prisonwatch: {series_label(change)}",
    }
    return {**common, "claim_id": change.new.claim_id, "evidence": c.evidence, "message": message, "payload": payload}


def build_digest(rows: list[dict[str, Any]]) -> tuple[str, str, str, dict[str, Any]]:
    """One message for the changes of one run: (message_id, title, body, payload)."""
    ids = sorted(r["alert_id"] for r in rows)
    message_id = stable_id("digest", *ids, size=12)
    title = f"prisonwatch: {len(rows)} change(s) in the counts"
    parts = [r["message"] for r in rows]
    body = "\n\n".join(parts) + f"\n-- digest {message_id}"
    payload = {"message_id": message_id, "alert_id": message_id, "alerts": [r["payload"] for r in rows], "title": title}
    return message_id, title, body, payload


def split_message(body: str, limit: int) -> list[str]:
    """Cut a long message at line breaks so each part fits a channel's limit; the footer (last line,
    with the id) is repeated on every part so a receiver can always tell which alert it is."""
    if len(body) <= limit:
        return [body]
    lines = body.split("\n")
    footer = lines[-1] if lines[-1].startswith("-- ") else ""
    content = lines[:-1] if footer else lines
    room = limit - len(footer) - 16
    parts: list[list[str]] = [[]]
    size = 0
    for line in content:
        while len(line) > room:  # a single overlong line is cut hard
            parts.append([line[:room]])
            line = line[room:]
            size = room
        if size + len(line) + 1 > room and parts[-1]:
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += len(line) + 1
    parts = [p for p in parts if p]
    total = len(parts)
    return ["\n".join([*p, f"({i}/{total}) {footer}".rstrip()]) for i, p in enumerate(parts, 1)]

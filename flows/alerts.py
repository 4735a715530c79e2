"""Alert messages built from change outcomes, and an outbox that delivers each alert once per destination."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import apprise

from flows.compare import Change
from parsers.claims import METRIC_LABELS, ORG_LABELS
from parsers.errors import AlertError
from storage.queries import stable_id

URLS_ENV = "PRISONWATCH_ALERT_URLS"
SECRET_BLOCK_ENV = "PRISONWATCH_ALERT_SECRET_BLOCK"
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


def build_alert(change: Change, others: Iterable[tuple[str, int, str | None]] = ()) -> dict[str, Any]:
    """The outbox row for a change: plain-words message plus a JSON payload carrying the alert id."""
    c = change.new.claim
    aid = alert_id(change)
    title = f"prisonwatch: {series_label(change)}"
    lines = [series_label(change)[0].upper() + series_label(change)[1:] + ":"]
    if change.outcome == "new" and change.old_value is None:
        lines.append(f"New figure: {c.value:,} ({_qual(c.qualifier)}as of {human_date(c.as_of)}).")
    else:
        verb = "Revised" if change.outcome == "revised" else "Changed"
        since = "since the last alert" if change.old_from == "alert" else "from the baseline"
        lines.append(
            f"{verb} {since}: {change.old_value:,} ({human_date(change.old_as_of)}) -> {c.value:,} "
            f"({human_date(c.as_of)}), {_signed(c.value - (change.old_value or 0))}."
        )
    if change.baseline_value is not None and change.old_from != "baseline":
        lines.append(
            f"Since the baseline of {human_date(change.baseline_as_of)} ({change.baseline_value:,}): "
            f"{_signed(c.value - change.baseline_value)}."
        )
    lines.append(f"Said by {ORG_LABELS[c.org]}; seen in {change.documents} document(s).")
    lines.append(f'Quote: "{defuse(c.evidence)}"')
    lines.append(f"Link: {defuse(change.new.url, 300)}")
    other_lines = [f"{ORG_LABELS[o]}: {v:,} ({human_date(a)})" for o, v, a in others if o != c.org]
    if other_lines:
        lines.append("Other claimants: " + "; ".join(other_lines) + ".")
    lines.append(f"-- alert {aid}")
    message = "\n".join(lines)
    metric, org, group, scope, since = change.series
    payload = {
        "alert_id": aid,
        "outcome": change.outcome,
        "metric": metric,
        "org": org,
        "group": group,
        "scope": scope,
        "since": since,
        "old_value": change.old_value,
        "new_value": c.value,
        "baseline_value": change.baseline_value,
        "as_of": c.as_of,
        "qualifier": c.qualifier,
        "evidence": defuse(c.evidence),
        "url": change.new.url,
        "title": title,
    }
    return {
        "alert_id": aid,
        "outcome": change.outcome,
        "metric": metric,
        "org": org,
        "group": group,
        "scope": scope,
        "since": since,
        "old_value": change.old_value,
        "new_value": c.value,
        "baseline_value": change.baseline_value,
        "as_of": c.as_of,
        "claim_id": change.new.claim_id,
        "url": change.new.url,
        "evidence": c.evidence,
        "message": message,
        "payload": payload,
    }


def _qual(q: str) -> str:
    return {
        "exact": "",
        "approx": "about, ",
        "at_least": "at least, ",
        "more_than": "more than, ",
        "fewer_than": "fewer than, ",
        "up_to": "up to, ",
    }[q]


# -- destinations and sending -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Destination:
    """A chat destination: an apprise URL. Only its fingerprint is ever stored or logged."""

    url: str

    @property
    def key(self) -> str:
        scheme = self.url.split("://", 1)[0]
        return f"{scheme}:{hashlib.sha256(self.url.encode()).hexdigest()[:12]}"


def destinations_from_env(environ: dict[str, str] | None = None) -> list[Destination]:
    """Apprise URLs from $PRISONWATCH_ALERT_URLS, or from the Prefect Secret block it names."""
    env = environ if environ is not None else dict(os.environ)
    raw = env.get(URLS_ENV, "")
    block = env.get(SECRET_BLOCK_ENV)
    if not raw and block:
        from prefect.blocks.system import Secret  # imported here: only this path needs Prefect

        value = Secret.load(block).get()
        raw = " ".join(value) if isinstance(value, list) else str(value)
    return [Destination(u) for u in re.split(r"[\s,]+", raw) if u]


Sender = Callable[[Destination, str, str, str], None]


def apprise_send(dest: Destination, title: str, body: str, aid: str) -> None:
    """Send through apprise; a refusal (non-2xx, bad URL) raises AlertError without the URL's secrets."""
    url = dest.url
    if url.startswith(("json://", "jsons://")):
        url += ("&" if "?" in url else "?") + f":alert_id={aid}"
    client = apprise.Apprise()
    if not client.add(url):
        raise AlertError(f"destination {dest.key} is not a valid apprise URL")
    if not client.notify(title=title, body=body):
        raise AlertError(f"destination {dest.key} refused the alert or could not be reached")


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int
    failed: int
    pending: int


def deliver_pending(con: Any, destinations: list[Destination], send: Sender = apprise_send) -> DeliveryReport:
    """Send every pending alert to every destination that has not had it yet.

    Each delivery is recorded right after the chat answers, so a rerun sends only what is missing;
    an alert becomes 'sent' when every destination has it.
    """
    from storage import queries as q

    sent = failed = 0
    for alert in q.pending_alerts(con):
        done = q.delivered_destinations(con, alert.alert_id)
        complete = True
        for dest in destinations:
            if dest.key in done:
                continue
            try:
                send(dest, alert.payload.get("title", "prisonwatch"), alert.message, alert.alert_id)
            except AlertError as exc:
                q.record_delivery(con, alert.alert_id, dest.key, False, str(exc))
                failed += 1
                complete = False
                continue
            q.record_delivery(con, alert.alert_id, dest.key, True, None)
            sent += 1
        if complete and destinations:
            q.mark_alert_sent(con, alert.alert_id)
    pending = len(q.pending_alerts(con))
    return DeliveryReport(sent, failed, pending)

"""Delivery: chat destinations from the environment or a Prefect Secret block, sent through apprise
from the outbox, recorded per destination so each message reaches each destination once."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flows.alerts import split_message
from parsers.errors import AlertError

URLS_ENV = "PRISONWATCH_ALERT_URLS"
SECRET_BLOCK_ENV = "PRISONWATCH_ALERT_SECRET_BLOCK"
# Message size limits of chat services, by apprise scheme; others get DEFAULT_LIMIT.
LIMITS = {
    "discord": 2000,
    "tgram": 4096,
    "slack": 3900,
    "msteams": 20000,
    "matrix": 20000,
    "mailto": 100_000,
    "json": 100_000,
}
DEFAULT_LIMIT = 4000
READ_TIMEOUT_SECONDS = 30  # a slow chat answer must not be taken for a failure (that would send twice)


@dataclass(frozen=True, slots=True)
class Destination:
    """A chat destination: an apprise URL. Only its fingerprint is ever stored or logged."""

    url: str

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0].lower()

    @property
    def key(self) -> str:
        return f"{self.scheme}:{hashlib.sha256(self.url.encode()).hexdigest()[:12]}"

    @property
    def limit(self) -> int:
        return LIMITS.get(self.scheme.rstrip("s"), LIMITS.get(self.scheme, DEFAULT_LIMIT))


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


Sender = Callable[[Destination, str, str, dict[str, Any]], None]


def apprise_send(dest: Destination, title: str, body: str, payload: dict[str, Any]) -> None:
    """Send one message through apprise; a refusal (non-2xx, bad URL) raises AlertError naming only the
    destination's fingerprint. The alert id rides in the JSON payload of json:// webhooks."""
    url = dest.url
    extra = [f"rto={READ_TIMEOUT_SECONDS}"] if "rto=" not in url else []
    if dest.scheme in ("json", "jsons") and payload.get("alert_id"):
        extra.append(f":alert_id={payload['alert_id']}")
    if extra:
        url += ("&" if "?" in url else "?") + "&".join(extra)
    import apprise  # here, not at the top: a run with nothing to send does not pay for loading it (0.15 s)

    client = apprise.Apprise()
    if not client.add(url):
        raise AlertError(f"destination {dest.key} is not a valid apprise URL")
    for part in split_message(body, dest.limit):
        if not client.notify(title=title, body=part):
            raise AlertError(f"destination {dest.key} refused the message or could not be reached")


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int
    failed: int
    pending: int


def deliver_pending(con: Any, destinations: list[Destination], send: Sender = apprise_send) -> DeliveryReport:
    """Send every pending message to every destination that has not had it yet.

    Each delivery is recorded right after the chat answers, so a rerun sends only what is missing;
    a message becomes 'sent' when every destination has it.
    """
    from storage import queries as q

    sent = failed = 0
    for message in q.pending_messages(con):
        done = q.delivered_destinations(con, message.message_id)
        complete = True
        for dest in destinations:
            if dest.key in done:
                continue
            try:
                send(dest, message.title, message.body, message.payload)
            except AlertError as exc:
                q.record_delivery(con, message.message_id, dest.key, False, str(exc))
                failed += 1
                complete = False
                continue
            q.record_delivery(con, message.message_id, dest.key, True, None)
            sent += 1
        if complete and destinations:
            q.mark_message_sent(con, message.message_id)
    return DeliveryReport(sent, failed, len(q.pending_messages(con)))

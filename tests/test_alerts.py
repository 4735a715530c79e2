"""Alert messages and the outbox."""

from __future__ import annotations

import pytest

from flows.alerts import build_alert, build_digest, defuse, split_message
from flows.compare import Change, Observation
from flows.delivery import Destination, apprise_send, deliver_pending, destinations_from_env
from flows.localserver import WebhookReceiver
from parsers import Claim
from parsers.errors import AlertError
from storage import connect
from storage import queries as q


def change(
    outcome: str = "changed",
    old: int | None = 131,
    new: int = 350,
    evidence: str = "350 releases",
    old_from: str = "baseline",
) -> Change:
    claim = Claim("releases", new, "exact", "foro_penal", None, None, "2026-02-04", "2026-01-08", evidence)
    obs = Observation("c1", claim, "https://news.example/a", "2026-02-05")
    return Change(outcome, claim.series, obs, old, "2024-11-17", 131, "2024-11-17", 3, old_from)


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("ping @channel now", "@channel"),
        ("hello @here", "@here"),
        ("all @everyone", "@everyone"),
        ("slack <!here> and <!channel>", "<!"),
        ("user <@U123ABC>", "<@"),
        ("a `code` span", "`"),
        ("[click](http://evil.example)", "]("),
    ],
    ids=["channel", "here", "everyone", "slack-bang", "slack-user", "backtick", "md-link"],
)
def test_scraped_text_cannot_ping_or_break_format(raw: str, forbidden: str) -> None:
    assert forbidden not in defuse(raw)


def test_message_says_old_new_difference_baseline_quote_and_link() -> None:
    row = build_alert(change())
    msg = row["message"]
    assert "Changed from the baseline: 131 (17 Nov 2024) -> 350 (4 Feb 2026), +219" in msg
    assert "Releases according to Foro Penal, counted since 8 Jan 2026" in msg
    assert '"350 releases"' in msg and "https://news.example/a" in msg
    assert row["payload"]["alert_id"] == row["alert_id"] and row["alert_id"] in msg


def test_message_after_an_earlier_alert_shows_both_differences() -> None:
    c = change(old=300, old_from="alert")
    msg = build_alert(c)["message"]
    assert "Changed since the last alert: 300 (17 Nov 2024) -> 350 (4 Feb 2026), +50" in msg
    assert "Since the baseline of 17 Nov 2024 (131): +219" in msg


def test_alert_id_is_stable_and_distinct() -> None:
    assert build_alert(change())["alert_id"] == build_alert(change())["alert_id"]
    assert build_alert(change(new=351))["alert_id"] != build_alert(change())["alert_id"]


def test_quote_with_pings_is_defused_in_message() -> None:
    msg = build_alert(change(evidence="@everyone 350 releases <!channel>"))["message"]
    assert "@everyone" not in msg and "<!channel>" not in msg


def test_destinations_from_env_split_and_fingerprint() -> None:
    dests = destinations_from_env({"PRISONWATCH_ALERT_URLS": "json://a.test/x, slack://T/B/C"})
    assert [d.url for d in dests] == ["json://a.test/x", "slack://T/B/C"]
    assert all("T/B/C" not in d.key for d in dests)


def test_apprise_posts_to_a_real_receiver_with_the_alert_id(hook: WebhookReceiver) -> None:
    apprise_send(Destination(hook.url()), "title", "body", {"alert_id": "abc123"})
    (got,) = hook.received
    assert isinstance(got.body, dict) and got.body["alert_id"] == "abc123" and got.body["message"] == "body"


def test_non_2xx_is_a_failure(hook: WebhookReceiver) -> None:
    hook.fail_next(1)
    with pytest.raises(AlertError):
        apprise_send(Destination(hook.url()), "title", "body", {"alert_id": "abc123"})


def test_outbox_sends_once_per_destination_and_retries_failures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[str, str]] = []
    failing = {"json://b.test/x"}

    def fake_send(dest: Destination, title: str, body: str, payload: dict) -> None:
        if dest.url in failing:
            raise AlertError("down")
        sent.append((dest.url, payload["alert_id"]))

    dests = [Destination("json://a.test/x"), Destination("json://b.test/x")]
    with connect(tmp_path / "t.duckdb") as con:
        row = build_alert(change())
        q.insert_message(con, row["alert_id"], "alert", "t", row["message"], row["payload"])
        q.insert_alert(con, row, row["alert_id"])
        report = deliver_pending(con, dests, fake_send)
        assert (report.sent, report.failed, report.pending) == (1, 1, 1)
        failing.clear()
        report = deliver_pending(con, dests, fake_send)
        assert (report.sent, report.failed, report.pending) == (1, 0, 0)
        report = deliver_pending(con, dests, fake_send)
        assert (report.sent, report.pending) == (0, 0)
    assert [u for u, _ in sent] == ["json://a.test/x", "json://b.test/x"]


def test_new_series_shows_the_baseline_for_context() -> None:
    base = [
        ("releases", "foro_penal", 131, "at_least", "2024-11-17"),
        ("detentions", "media", 2000, "approx", "2024-11-17"),
    ]
    msg = build_alert(change(outcome="new", old=None), baselines=base)["message"]
    assert "New figure: 350 (as of 4 Feb 2026)" in msg
    assert "For context, the baseline: Foro Penal at least 131 (17 Nov 2024)." in msg
    assert "2,000" not in msg


def test_digest_groups_changes_with_a_stable_id() -> None:
    rows = [build_alert(change(new=350)), build_alert(change(new=360))]
    mid, title, body, payload = build_digest(rows)
    assert mid == build_digest(list(reversed(rows)))[0]
    assert "2 change(s)" in title and body.count("Quote:") == 2 and body.endswith(f"-- digest {mid}")
    assert [a["alert_id"] for a in payload["alerts"]] == [r["alert_id"] for r in rows]


@pytest.mark.parametrize("limit", [200, 400, 1000])
def test_long_messages_are_split_to_the_channel_limit(limit: int) -> None:
    body = "\n".join(f"line {i} " + "x" * 50 for i in range(40)) + "\n-- alert abc123"
    parts = split_message(body, limit)
    assert len(parts) > 1 and all(len(p) <= limit for p in parts)
    assert all(p.endswith("-- alert abc123") for p in parts)
    joined = "\n".join(line for p in parts for line in p.split("\n")[:-1])
    assert joined == body.rsplit("\n", 1)[0]


def test_short_messages_are_not_split() -> None:
    assert split_message("hello\n-- alert a", 100) == ["hello\n-- alert a"]


@pytest.mark.parametrize(
    ("url", "limit"), [("discord://a/b", 2000), ("tgram://t/c", 4096), ("json://h/p", 100_000), ("unknown://x", 4000)]
)
def test_destination_limits(url: str, limit: int) -> None:
    assert Destination(url).limit == limit

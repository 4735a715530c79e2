"""A flow run started by `prisonwatch run` sends no Prefect heartbeats unless the user asked for them."""

from __future__ import annotations

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings, temporary_settings

from flows.monitor import one_off_run


def test_a_one_off_run_turns_heartbeats_off_and_back() -> None:
    before = get_current_settings().flows.heartbeat_frequency
    assert before is not None  # Prefect's default sends them
    with one_off_run():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == before


def test_heartbeats_the_user_configured_are_kept() -> None:
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}), one_off_run():
        assert get_current_settings().flows.heartbeat_frequency == 60

"""The local Prefect server fupin starts for itself: its start budget, command and UI address."""

from __future__ import annotations

import pytest

from flows.prefect_server import (
    DEFAULT_START_SECONDS,
    START_SECONDS_SETTING,
    LocalServer,
    start_budget,
)


@pytest.mark.parametrize(
    ("setting", "budget"),
    [
        (None, DEFAULT_START_SECONDS),
        ("45", 45),
        ("0", DEFAULT_START_SECONDS),
        ("soon", DEFAULT_START_SECONDS),
    ],
)
def test_the_start_budget_is_the_users_setting_when_it_is_a_number_of_seconds(
    monkeypatch, setting, budget
):
    if setting is None:
        monkeypatch.delenv(START_SECONDS_SETTING, raising=False)
    else:
        monkeypatch.setenv(START_SECONDS_SETTING, setting)
    assert start_budget() == budget


def test_a_cold_start_fits_the_default_budget():
    # 37 s was measured for a server with an empty home on a busy 2-core machine.
    assert DEFAULT_START_SECONDS >= 2 * 37


def test_the_ui_of_a_server_on_any_port_calls_that_port(monkeypatch):
    monkeypatch.delenv("PREFECT_UI_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_API_URL", "http://elsewhere:4200/api")
    server = LocalServer(4321, api_only=False)
    assert server.env["PREFECT_UI_API_URL"] == "http://127.0.0.1:4321/api"
    assert "PREFECT_API_URL" not in server.env, "the server must not call itself elsewhere"
    assert server.command[-6:] == ["server", "start", "--host", "127.0.0.1", "--port", "4321"]


def test_a_ui_address_the_user_set_is_kept(monkeypatch):
    monkeypatch.setenv("PREFECT_UI_API_URL", "https://prefect.example.org/api")
    assert (
        LocalServer(4321, api_only=False).env["PREFECT_UI_API_URL"]
        == "https://prefect.example.org/api"
    )


def test_the_run_server_serves_the_api_alone_like_prefects_temporary_server():
    server = LocalServer(4321, api_only=True, env={})
    assert "prefect.server.api.server:create_app" in server.command
    assert (
        server.env["PREFECT_UI_ENABLED"] == "0" and server.env["PREFECT__SERVER_EPHEMERAL"] == "1"
    )

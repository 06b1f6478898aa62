"""A Zotero that never answers costs the run one bounded wait and one message; a pasted key is trimmed
and a malformed one refused before any request; ``--offline`` plans from the local copy of the library."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import pytest
from servers.zotero import ZoteroServer
from zotero_helpers import API_KEY, CLOSED_ARXIV, USER_ID, run_cli

from cite_export.service_budget import ServiceBudget
from cite_export.zotero.client import ZoteroClient
from cite_export.zotero.settings import ZoteroError


@pytest.fixture
def zotero():
    with ZoteroServer() as server:
        server.add_key(API_KEY, USER_ID)
        yield server


def test_a_zotero_that_accepts_and_never_answers_costs_one_bounded_wait(zotero, tmp_path):
    zotero.inject("keys", hang=30.0, times=100)
    started = time.monotonic()
    result = run_cli(zotero.url, tmp_path, "sync", "--service-timeout", "1.5")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    host = zotero.url.removeprefix("http://")
    message = [line for line in result.stderr.splitlines() if "gave no answer" in line]
    assert len(message) == 1, result.stderr
    assert f"Zotero at {host}" in message[0] and "timed out" in message[0]
    for hint in ("--zotero-api", "HTTPS_PROXY", "--offline", "--service-timeout"):
        assert hint in message[0]
    assert zotero.requests["keys"] <= 2 and elapsed < 10


def test_a_plan_asked_of_a_zotero_that_never_answers_comes_from_the_local_copy(zotero, tmp_path):
    assert run_cli(zotero.url, tmp_path, "sync", arxiv_url=CLOSED_ARXIV).exit_code == 0
    zotero.inject("versions", hang=30.0, times=100)
    status = run_cli(zotero.url, tmp_path, "status", "--service-timeout", "1", arxiv_url=CLOSED_ARXIV)
    assert status.exit_code == 0, status.stderr
    assert status.stderr.count("gave no answer") == 1
    assert "13 unchanged" in status.stderr and "(offline: from the local copy of users/4242" in status.stderr


def test_the_budget_is_shared_by_every_request_of_the_run(zotero):
    zotero.inject("versions", hang=30.0, times=100)
    budget = ServiceBudget("Zotero", zotero.url, seconds=2.0, endpoint_option="--zotero-api")
    client = ZoteroClient(str(USER_ID), "user", API_KEY, zotero.url, timeout=0.5, budget=budget)
    started = time.monotonic()
    client.key_access()
    with pytest.raises(ZoteroError, match="gave no answer"):
        client.item_versions(since=0)
    with pytest.raises(ZoteroError, match="gave no answer"):
        client.collections()  # the budget is spent: nothing more is sent
    assert zotero.requests["collections"] == 0
    assert time.monotonic() - started < 6


def test_a_refused_connection_names_the_host_at_once(tmp_path):
    started = time.monotonic()
    result = run_cli("http://127.0.0.1:9", tmp_path, "sync")
    assert result.exit_code == 1
    assert "Zotero at 127.0.0.1:9 gave no answer (connection refused" in result.stderr
    assert time.monotonic() - started < 10


def test_a_pasted_key_with_a_trailing_newline_is_trimmed(zotero, tmp_path):
    result = run_cli(zotero.url, tmp_path, "sync", key=f"{API_KEY}\n ")
    assert result.exit_code == 0, result.stderr
    assert "13 create" in result.stderr


@pytest.mark.parametrize("bad", [API_KEY[:-1], API_KEY + "x", f"{API_KEY[:10]} {API_KEY[11:]}", "é" * 24])
def test_a_key_of_the_wrong_shape_is_refused_before_any_request(zotero, tmp_path, bad):
    result = run_cli(zotero.url, tmp_path, "sync", key=bad)
    assert result.exit_code == 2
    assert "ZOTERO_API_KEY: that is not a Zotero API key: a key is 24 letters and digits" in result.stderr
    assert bad.strip() not in result.output + result.stderr
    assert not zotero.requests


def test_status_and_dry_run_offline_plan_from_the_local_copy(zotero, tmp_path):
    never = run_cli(zotero.url, tmp_path, "status")
    assert never.exit_code == 0, never.stderr
    assert "13 create" in never.stderr and "no local copy of users/4242" in never.stderr
    assert not zotero.requests

    assert run_cli(zotero.url, tmp_path, "sync", arxiv_url=CLOSED_ARXIV).exit_code == 0
    zotero.reset_counts()
    status = run_cli(zotero.url, tmp_path, "status")
    assert status.exit_code == 0, status.stderr
    assert "13 unchanged" in status.stderr and "0 Zotero requests" in status.stderr
    assert "offline: from the local copy of users/4242, read just now" in status.stderr
    dry = run_cli(zotero.url, tmp_path, "sync", "--dry-run")
    assert dry.exit_code == 0 and dry.output.count("unchanged ") == 13
    assert "(dry run, nothing written)" in dry.stderr and "read just now" in dry.stderr
    with closing(sqlite3.connect(tmp_path / "cite-export.sqlite3")) as connection:
        connection.execute("UPDATE zotero_mirror_reads SET read_at = read_at - 3 * 86400")
        connection.commit()
    assert "read 3 days ago" in run_cli(zotero.url, tmp_path, "status").stderr
    assert not zotero.requests

    # Online, the same commands read the library first.
    online = run_cli(zotero.url, tmp_path, "status", arxiv_url=CLOSED_ARXIV)
    assert online.exit_code == 0 and "13 unchanged" in online.stderr and "offline" not in online.stderr
    assert zotero.requests["keys"] == 1

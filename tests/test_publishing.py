"""Publishing and rolling back as the dashboard does: outcomes, and a log line per refusal without secrets."""

from __future__ import annotations

import pytest

from indicators.auth import hash_password
from indicators.store import open_store
from indicators.store.versions import logged_name
from indicators.views import publish_panel as publishing
from indicators.views.publish_panel import Proposal
from tests.helpers import make_table

PASSWORD = "correct horse battery"


def proposal(value: float, based_on: int = 0) -> Proposal:
    table = make_table([("internet_users", "WLD", 2019, value)])
    return Proposal(table, "merge", None, based_on, "figures.csv", "ab" * 32, "figures-key")


@pytest.fixture
def store():
    return open_store("memory://")


def test_a_publish_by_a_signed_in_analyst_makes_a_version_and_logs_it(store, logged):
    outcome = publishing.publish(store, proposal(54.0), author="ana", message="2019 update")
    assert outcome.info is not None and outcome.info.number == 1 and store.head() == 1
    assert publishing.published_text(outcome.info).startswith("Published version 1 (1 added, 0 changed, 0 removed)")
    assert "publish (merge): version 1 published by 'ana', based on version 0 (1 added, 0 changed, 0 removed)" in (
        logged.text
    )


def test_a_publish_without_an_analyst_is_refused_and_logged(store, logged):
    outcome = publishing.publish(store, proposal(54.0), author=None, message="")
    assert (outcome.info, outcome.why, store.head()) == (None, publishing.NOT_SIGNED_IN, 0)
    [record] = logged.records
    assert record.levelname == "WARNING"
    assert (
        record.getMessage()
        == "publish (merge) refused: by nobody signed in, based on version 0: sign in as an analyst first"
    )


def test_a_publish_without_a_message_is_refused_and_logged_without_the_password(store, logged):
    outcome = publishing.publish(store, proposal(54.0), author="ana", message="")
    assert outcome.info is None and "needs a message" in outcome.why and store.head() == 0
    [record] = logged.records
    assert record.getMessage().startswith("publish (merge) refused: by 'ana', based on version 0: ")
    assert "needs a message" in record.getMessage() and PASSWORD not in logged.text


def test_a_publish_on_an_old_version_is_a_conflict_naming_who_and_which_version(store, logged):
    publishing.publish(store, proposal(54.0), author="ana", message="first")
    outcome = publishing.publish(store, proposal(55.0, based_on=0), author="bob", message="second")
    assert outcome.info is None and outcome.conflict and store.head() == 1
    line = logged.records[-1].getMessage()
    assert line.startswith("publish (merge) refused: by 'bob', based on version 0: ") and "version 1" in line


def test_nothing_to_publish_is_refused_without_a_conflict(store, logged):
    publishing.publish(store, proposal(54.0), author="ana", message="first")
    outcome = publishing.publish(store, proposal(54.0, based_on=1), author="ana", message="again")
    assert outcome.info is None and not outcome.conflict and outcome.why
    assert logged.records[-1].levelname == "WARNING"


def test_a_rollback_needs_an_analyst_and_the_confirmation(store, logged):
    publishing.publish(store, proposal(54.0), author="ana", message="first")
    refused = [
        publishing.rollback(store, 0, head=1, author=None, message="", confirmed=True),
        publishing.rollback(store, 0, head=1, author="ana", message="", confirmed=False),
    ]
    assert [o.why for o in refused] == [publishing.NOT_SIGNED_IN, publishing.NOT_CONFIRMED] and store.head() == 1
    done = publishing.rollback(store, 0, head=1, author="ana", message="wrong file", confirmed=True)
    assert done.info is not None and done.info.number == 2 and done.info.mode == "rollback"
    lines = [r.getMessage() for r in logged.records]
    assert (
        "rollback to version 0 refused: by nobody signed in, based on version 1: sign in as an analyst first" in lines
    )
    assert "rollback to version 0 refused: by 'ana', based on version 1: tick the confirmation first" in lines
    assert lines[-1].startswith("rollback to version 0: version 2 published by 'ana', based on version 1 (")


def test_a_rollback_against_a_stale_head_is_a_logged_conflict(store, logged):
    publishing.publish(store, proposal(54.0), author="ana", message="first")
    publishing.publish(store, proposal(55.0, based_on=1), author="ana", message="second")
    outcome = publishing.rollback(store, 0, head=1, author="bob", message="", confirmed=True)
    assert outcome.info is None and outcome.conflict and store.head() == 2
    assert logged.records[-1].getMessage().startswith("rollback to version 0 refused: by 'bob', based on version 1")


def test_names_are_logged_as_one_printable_line():
    assert logged_name("ana\nINFO forged line") == "'ana INFO forged line'"


def test_no_log_line_holds_a_password_or_a_hash(store, logged):
    stored = hash_password(PASSWORD, n=2**4, r=1, p=1)
    publishing.publish(store, proposal(54.0), author="ana", message=PASSWORD)  # a message is not logged either
    publishing.publish(store, proposal(54.0), author=None, message=PASSWORD)
    assert logged.records and PASSWORD not in logged.text and stored.split("$")[-1] not in logged.text

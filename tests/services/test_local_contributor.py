"""Which contributor is "me" in a review, and the notes and frameworks the workspace reads."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.review import Profile
from reviewdesk.services.failures import (
    BUSY,
    DISK_FULL,
    IO_ERROR,
    READ_ONLY,
    UNKNOWN,
    describe_write_failure,
)
from reviewdesk.services.frameworks import available_frameworks

ME = Profile("Alex Moor", "Health visitor", "Northvale Health")


def test_my_contributor_is_created_once_and_found_again(services, record) -> None:
    summary = services.reviews.create(record)
    first = services.reviews.my_contributor(summary.id, ME)
    again = services.reviews.my_contributor(summary.id, ME)
    assert first == again
    assert (first.name, first.role, first.agency) == (
        "Alex Moor",
        "Health visitor",
        "Northvale Health",
    )
    assert [c.id for c in services.reviews.contributors(summary.id)] == [first.id]


def test_my_contributor_is_per_review_and_not_someone_else(services, record) -> None:
    from dataclasses import replace

    one = services.reviews.create(record)
    two = services.reviews.create(replace(record, reference="LCSPR-2026-08"))
    other = services.reviews.add_contributor(one.id, "Alex Moor", "Health visitor")  # same name
    mine_one = services.reviews.my_contributor(one.id, ME)
    mine_two = services.reviews.my_contributor(two.id, ME)
    assert mine_one.id != other.id  # a name alone never makes someone "me"
    assert mine_one.id != mine_two.id
    assert len(services.reviews.contributors(one.id)) == 2


def test_my_contributor_follows_a_change_of_details(services, record) -> None:
    summary = services.reviews.create(record)
    before = services.reviews.my_contributor(summary.id, ME)
    after = services.reviews.my_contributor(summary.id, Profile("Alex Moor", "Named nurse", ""))
    assert after.id == before.id and after.uid == before.uid
    assert (after.role, after.agency) == ("Named nurse", "")


def test_my_contributor_needs_a_name(services, record) -> None:
    summary = services.reviews.create(record)
    with pytest.raises(ValidationError, match="who you are"):
        services.reviews.my_contributor(summary.id, Profile(""))
    assert services.reviews.contributors(summary.id) == []


def test_opening_as_me_does_not_count_as_an_edit(services, record) -> None:
    summary = services.reviews.create(record)
    services.reviews.my_contributor(summary.id, ME)
    assert services.reviews.summary(summary.id).updated_at == summary.updated_at


def test_private_notes_are_read_together(services, record) -> None:
    summary = services.reviews.create(record)
    me = services.reviews.my_contributor(summary.id, ME)
    assert services.reviews.private_notes(me.id) == {}
    services.reviews.save_private_note(me.id, "Overall")
    services.reviews.save_private_note(me.id, "About babies", theme_id="babies")
    assert services.reviews.private_notes(me.id) == {"": "Overall", "babies": "About babies"}


def test_write_failures_are_put_into_words() -> None:
    assert describe_write_failure(sqlite3.OperationalError("database is locked")) == BUSY
    assert describe_write_failure(sqlite3.OperationalError("database or disk is full")) == DISK_FULL
    assert describe_write_failure(OSError(errno.ENOSPC, "No space left on device")) == DISK_FULL
    assert (
        describe_write_failure(sqlite3.OperationalError("attempt to write a readonly database"))
        == READ_ONLY
    )
    assert describe_write_failure(sqlite3.OperationalError("disk I/O error")) == IO_ERROR
    assert describe_write_failure(RuntimeError("boom")) == UNKNOWN
    too_long = ValidationError("This answer is longer than ReviewDesk can keep in one box.")
    assert describe_write_failure(too_long) == str(too_long)

    class Wrapped(Exception):  # the shape of SQLAlchemy's DBAPIError
        orig = sqlite3.OperationalError("database is locked")

    assert describe_write_failure(Wrapped("(sqlite3.OperationalError) ...")) == BUSY


def test_available_frameworks_lists_the_default_first_and_reports_bad_files(
    tmp_path: Path,
) -> None:
    frameworks, problems = available_frameworks(None)
    assert frameworks[0].id == "cspr-annual-report-2021" and len(frameworks[0].themes) == 6
    assert problems == []
    (tmp_path / "broken.toml").write_text('format = "nope"\n', encoding="utf-8")
    shipped = Path(__file__).resolve().parents[2] / "resources" / "frameworks"
    local = (shipped / "cspr-annual-report-2021.toml").read_text(encoding="utf-8")
    local = local.replace('id = "cspr-annual-report-2021"', 'id = "eastmere-local"', 1)
    (tmp_path / "local.toml").write_text(local, encoding="utf-8")
    frameworks, problems = available_frameworks(tmp_path)
    assert [(f.id, f.version) for f in frameworks] == [
        ("cspr-annual-report-2021", "2.0.0"),  # the default: the revised prompts (issue 18)
        ("cspr-annual-report-2021", "1.0.0"),  # the version earlier reviews started on
        ("eastmere-local", "1.0.0"),
    ]
    assert len(problems) == 1 and "broken.toml" in problems[0]

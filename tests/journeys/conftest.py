"""The journeys close libraries as the app does (tests/closing.py)."""

from tests.closing import library_closed_as_the_app_closes_it  # noqa: F401 (a fixture)

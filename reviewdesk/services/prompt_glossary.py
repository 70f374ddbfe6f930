"""The glossary a prompt's tooltip draws on (issue 18, point 7): the shipped terms
(resources/glossary/terms.toml) and acronyms (resources/glossary/acronyms.toml), read once."""

from __future__ import annotations

from functools import cache

from reviewdesk.domain.glossary import Glossary, explain, parse_acronyms, parse_terms
from reviewdesk.resources import resource


@cache
def _lists() -> tuple[dict[str, str], dict[str, str]]:
    try:
        acronyms_file, terms_file = (
            resource("glossary", "acronyms.toml"),
            resource("glossary", "terms.toml"),
        )
        acronyms = parse_acronyms(acronyms_file.read_text(encoding="utf-8"), str(acronyms_file))
        terms = parse_terms(terms_file.read_text(encoding="utf-8"), str(terms_file))
    except Exception:  # a missing or damaged list: prompts simply have no tooltip
        return {}, {}
    return acronyms, terms


def prompt_glossary(text: str) -> Glossary:
    """The terms and acronyms ``text`` uses, with what each means (empty when none)."""
    acronyms, terms = _lists()
    return explain(text, acronyms, terms)

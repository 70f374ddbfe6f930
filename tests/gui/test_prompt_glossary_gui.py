"""Glossary tooltips on prompts (issue 18, point 7): a prompt that uses a term a teacher, GP or
housing officer may not know explains it in a tooltip, and a screen reader hears it with the
prompt; a prompt without such terms has no tooltip."""

from __future__ import annotations

from reviewdesk.domain.glossary import explain
from reviewdesk.gui.widgets.prompt_card import PromptCard
from reviewdesk.services.frameworks import default_framework


def _prompt(prompt_id: str):  # type: ignore[no-untyped-def]
    return next(p for t in default_framework().themes for p in t.prompts if p.id == prompt_id)


def test_a_prompt_explains_its_terms(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = PromptCard(_prompt("critical-thinking-decision-points"), 4, 7)
    qtbot.addWidget(card)
    tip = card.text.toolTip()
    assert tip.startswith("strategy discussion: A meeting or call between children's social care")
    assert "strategy discussion:" in card.editor.accessibleDescription()

    plain = PromptCard(_prompt("whole-family-household"), 1, 7)
    qtbot.addWidget(plain)
    assert plain.text.toolTip() == ""


def test_terms_any_case_acronyms_as_written_longest_first() -> None:
    terms = {"coercive control": "A pattern.", "coercive or controlling behaviour": "Longer."}
    found = explain(
        "Coercive or controlling behaviour, a DASH form, and send it on.",
        {"DASH": "Risk checklist", "SEND": "Needs"},
        terms,
    )
    assert found == (
        ("Coercive or controlling behaviour", "Longer."),
        ("DASH", "Risk checklist"),
    )

"""The rapid review output (issue 18, point 3): a draft prefilled from the review, then written as
a Word document, as the lead left it, atomically and recorded in the audit trail.

The draft is built from the same pseudonymised read model as every other document (the name key
applied to every piece of user text, the decision log's included); the sections are described in
reviewdesk/domain/rapid_review.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.publication import pseudonymise
from reviewdesk.domain.rapid_review import RapidReviewDraft, draft_rapid_review
from reviewdesk.files import check_destination, safe_file_name, write_atomically

FORMAT = "rapid-review"


class RapidReviewService:
    def __init__(self, services: Any) -> None:
        """``services``: the library's :class:`reviewdesk.services.bundle.Services` (not
        imported here, so the GUI may use this service without the store's modules)."""
        self._s = services

    def draft(self, review_id: int) -> RapidReviewDraft:
        """The rapid review prefilled from the case record, the chronology, the key practice
        episodes, the actions and the decision log."""
        s = self._s
        source = s.exports.input_for(review_id)
        decisions = pseudonymise(
            tuple(s.decisions.decisions(review_id)), s.names.mappings(review_id)
        )
        return draft_rapid_review(
            source,
            decisions,
            s.clocks.calendar(),
            final_report_months=s.settings.final_report_months(),
            marking=s.settings.default_marking(),
            prepared_on=s.exports.today(),
        )

    def default_file_name(self, review_id: int) -> str:
        """'DEMO-2026-01 rapid review 2026-12-07.docx': never a child's name."""
        reference = self._s.reviews.summary(review_id).reference
        return safe_file_name(
            f"{reference} rapid review {self._s.exports.today().isoformat()}",
            "docx",
            fallback="rapid review",
        )

    def render(self, draft: RapidReviewDraft) -> bytes:
        problems = draft.problems()
        if problems:
            raise ValidationError(" ".join(problems.values()), problems)
        from reviewdesk.exports.rapid_review_docx import render_rapid_review_docx

        return render_rapid_review_docx(draft)

    def export(
        self,
        review_id: int,
        output: Path,
        *,
        edits: Mapping[str, str] | None = None,
        draft: RapidReviewDraft | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Write the rapid review (the prefilled draft, or ``draft``, with ``edits`` over it) to
        ``output`` atomically, never over a file unless asked; recorded in the audit trail."""
        check_destination(output, overwrite=overwrite)
        chosen = draft or self.draft(review_id)
        if edits:
            chosen = chosen.edited(edits)
        data = self.render(chosen)
        written = write_atomically(output, data, overwrite=overwrite)
        self._s.audit.record_export(review_id, FORMAT, data=data)
        return written

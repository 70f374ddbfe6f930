"""Review papers and the case record for analysis through the services (issue 18, points 4 and
5): terms of reference, the family involvement log, parallel processes, a finding's pattern
evidence, a recommendation's owner and response, an action's dated impact log and the flag for
one closed without it; the special-category case details kept by pseudonym and counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reviewdesk.domain.analysis import (
    Action,
    ActionStatus,
    Finding,
    ImpactEntry,
    ImpactKind,
    PartnerResponse,
    Recommendation,
)
from reviewdesk.domain.casefile import (
    CaseDetails,
    ChildDetails,
    Ethnicity,
    HarmType,
    IncidentKind,
    LegalStatus,
    Sex,
    count_by,
)
from reviewdesk.domain.decisions import Partner
from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.papers import (
    FamilyContribution,
    FamilyWay,
    ParallelProcess,
    ProcessKind,
    TermsOfReference,
)
from reviewdesk.services import Services


@pytest.fixture
def review_id(services: Services) -> int:
    return services.exchange.add_demo()[0].id


def test_terms_family_and_processes_are_kept_and_checked(services: Services, review_id) -> None:
    papers = services.papers
    assert papers.terms(review_id).is_empty
    terms = TermsOfReference(
        "Scope: from the pregnancy to the injury.",
        ("How was the baby seen by each agency?", "  ", "What did the father's history mean?"),
        date(2026, 4, 1),
    )
    kept = papers.save_terms(review_id, terms)
    assert kept.lines_of_enquiry == (
        "How was the baby seen by each agency?",
        "What did the father's history mean?",
    )
    assert papers.terms(review_id) == kept

    with pytest.raises(ValidationError, match="why this person was not invited"):
        papers.add_family(review_id, FamilyContribution("Father", how=FamilyWay.NOT_INVITED))
    with pytest.raises(ValidationError, match="took part before the invitation"):
        papers.add_family(
            review_id,
            FamilyContribution(
                "Mother",
                invited_on=date(2026, 5, 1),
                how=FamilyWay.MET_REVIEWER,
                contributed_on=date(2026, 4, 1),
            ),
        )
    assert papers.family(review_id) == []  # nothing kept by a refused save
    mother = papers.add_family(
        review_id,
        FamilyContribution(
            "Mother",
            invited_on=date(2026, 4, 10),
            how=FamilyWay.MET_REVIEWER,
            contributed_on=date(2026, 5, 2),
            views="She felt the health visitor listened.",
        ),
    )
    assert papers.family(review_id) == [mother]
    papers.edit_family(mother.id, replace(mother, views="She felt listened to."))
    assert papers.family(review_id)[0].views == "She felt listened to."

    trial = papers.add_process(
        review_id,
        ParallelProcess(ProcessKind.CRIMINAL, "Police", date(2026, 3, 1), date(2026, 11, 20)),
    )
    assert trial.is_open and papers.processes(review_id) == [trial]
    with pytest.raises(ValidationError, match="ends before it starts"):
        papers.edit_process(trial.id, replace(trial, concluded_on=date(2026, 2, 1)))
    papers.delete_process(trial.id)
    assert papers.processes(review_id) == []
    actions = [e.action for e in services.audit.entries()][:4]
    assert actions == ["process.deleted", "process.added", "family.edited", "family.added"]


def test_findings_and_recommendations_carry_pattern_owner_and_response(
    services: Services, review_id: int
) -> None:
    finding = services.findings.add_finding(
        review_id,
        Finding(
            "", "Bruising in non-mobile babies was not always referred.",
            pattern_evidence="The 2025 audit found the same in 4 of 20 cases.",
        ),
    )  # fmt: skip
    assert finding.pattern_evidence == "The 2025 audit found the same in 4 of 20 cases."
    rec = services.findings.add_recommendation(
        review_id,
        Recommendation(
            "",
            "Train on the bruising protocol.",
            finding_ids=(finding.id,),
            owner_partner=Partner.HEALTH,
            response=PartnerResponse.ACCEPTED,
            response_on=date(2026, 7, 1),
            response_text="Accepted by the ICB board.",
        ),
    )
    assert (rec.owner_partner, rec.response) == (Partner.HEALTH, PartnerResponse.ACCEPTED)
    with pytest.raises(ValidationError, match="choose the partners' response"):
        services.findings.edit_recommendation(rec.id, replace(rec, response=PartnerResponse.NONE))


def test_an_action_closed_with_no_impact_evidence_is_flagged(services: Services, review_id):
    action = services.actions.add_action(
        review_id, Action("Audit bruising referrals", status=ActionStatus.COMPLETE)
    )
    assert action.closed_without_impact
    assert action.id in {a.id for a in services.papers.closed_without_impact(review_id)}
    with pytest.raises(ValidationError, match="write what was found"):
        services.papers.add_impact(action.id, ImpactEntry(date(2026, 10, 1), " "))
    six = services.papers.add_impact(
        action.id,
        ImpactEntry(date(2026, 10, 1), "18 of 20 referred.", ImpactKind.AUDIT_6_MONTHS),
    )
    services.papers.add_impact(
        action.id,
        ImpactEntry(date(2027, 4, 1), "20 of 20 referred.", ImpactKind.AUDIT_12_MONTHS),
    )
    (kept,) = [a for a in services.actions.actions(review_id) if a.id == action.id]
    assert [i.kind for i in kept.impact_log] == [
        ImpactKind.AUDIT_6_MONTHS,
        ImpactKind.AUDIT_12_MONTHS,
    ]
    assert not kept.closed_without_impact
    assert action.id not in {a.id for a in services.papers.closed_without_impact(review_id)}
    services.actions.delete_action(action.id)  # its log goes with it
    with pytest.raises(Exception, match="no longer"):
        services.papers.impact_log(action.id)
    assert six.id


def test_case_details_are_kept_by_pseudonym_and_counted(services: Services, review_id) -> None:
    blank = services.case_details.details(review_id)
    assert [c.pseudonym for c in blank.children] == ["Child D", "Sibling 1"]
    assert blank.incident is None and blank.children[0].is_empty
    details = CaseDetails(
        IncidentKind.SERIOUS_HARM,
        HarmType.PHYSICAL_ABUSE,
        (
            ChildDetails(
                "Child D",
                sex=Sex.MALE,
                ethnicity=Ethnicity.WHITE_BLACK_CARIBBEAN,
                first_language="English",
                legal_status=LegalStatus.CHILD_IN_NEED,
            ),
            ChildDetails("Sibling 1"),
        ),
    )
    kept = services.case_details.save_details(review_id, details)
    assert kept == details
    assert services.audit.entries()[0].action == "case_details.saved"
    with pytest.raises(ValidationError, match="same pseudonym"):
        services.case_details.save_details(
            review_id, replace(details, children=(ChildDetails("A"), ChildDetails("a")))
        )
    assert services.case_details.details(review_id) == details  # unchanged
    counts = {
        value: n
        for value, _label, n in count_by(services.case_details.all_details().values(), "sex")
    }
    assert counts["male"] == 1 and counts["female"] == 0


def test_papers_and_case_details_travel_in_the_review_json(services: Services, review_id, tmp_path):
    import copy
    import json

    import jsonschema

    from reviewdesk.domain.errors import ExchangeFormatError
    from reviewdesk.resources import resource
    from tests.exchange_loop import library

    papers = services.papers
    papers.save_terms(review_id, TermsOfReference("Scope.", ("How was the baby seen?",)))
    mother = papers.add_family(
        review_id,
        FamilyContribution("Mother", date(2026, 4, 10), FamilyWay.IN_WRITING, date(2026, 5, 2),
                           "She wrote that the visits helped."),
    )  # fmt: skip
    trial = papers.add_process(review_id, ParallelProcess(ProcessKind.CORONER, "HM Coroner"))
    finding = services.findings.add_finding(
        review_id, Finding("", "Referrals were late.", pattern_evidence="Seen in 3 reviews.")
    )
    rec = services.findings.add_recommendation(
        review_id,
        Recommendation("", "Audit referrals.", finding_ids=(finding.id,),
                       owner_partner=Partner.LOCAL_AUTHORITY, response=PartnerResponse.ACCEPTED,
                       response_on=date(2026, 7, 1)),
    )  # fmt: skip
    action = services.actions.add_action(
        review_id,
        Action("Audit", recommendation_id=rec.id, status=ActionStatus.COMPLETE),
    )
    papers.add_impact(
        action.id, ImpactEntry(date(2026, 10, 1), "18 of 20.", ImpactKind.AUDIT_6_MONTHS)
    )
    details = CaseDetails(
        IncidentKind.DEATH, HarmType.SUDI,
        (ChildDetails("Child D", sex=Sex.MALE, ethnicity=Ethnicity.ROMA, first_language="Romani"),
         ChildDetails("Sibling 1")),
    )  # fmt: skip
    services.case_details.save_details(review_id, details)

    document = services.exchange.export_dict(review_id)
    schema = json.loads(resource("schemas", "reviewdesk-review-1.schema.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    assert document["case_details"]["special_category"] is True
    assert document["case_details"]["children"][0]["ethnicity"] == "white_roma"
    assert document["family_involvement"][0]["how"] == "in_writing"
    (logged,) = [a for a in document["actions"] if a["uid"] == action.uid]
    assert logged["impact_log"][0]["kind"] == "audit_6_months"

    other = library(tmp_path, "elsewhere")
    try:
        broken = copy.deepcopy(document)
        broken["case_details"]["special_category"] = False
        with pytest.raises(ExchangeFormatError, match="special-category"):
            other.exchange.import_document(broken)
        broken = copy.deepcopy(document)
        broken["case_details"]["children"][0]["ethnicity"] = "roma"
        with pytest.raises(ExchangeFormatError, match=r"case_details\.children\[0\]\.ethnicity"):
            other.exchange.import_document(broken)
        assert other.reviews.list_reviews() == []  # all or nothing

        summary = other.exchange.import_document(document)
        rid = summary.id
        assert other.case_details.details(rid) == details
        assert other.papers.terms(rid).lines_of_enquiry == ("How was the baby seen?",)
        assert [replace(f, id=0) for f in other.papers.family(rid)] == [replace(mother, id=0)]
        assert [replace(p, id=0) for p in other.papers.processes(rid)] == [replace(trial, id=0)]
        analysis = other.findings.analysis(rid)
        (f,) = [f for f in analysis.findings if f.uid == finding.uid]
        assert f.pattern_evidence == "Seen in 3 reviews."
        (r,) = [r for r in analysis.recommendations if r.uid == rec.uid]
        assert (r.owner_partner, r.response_on) == (Partner.LOCAL_AUTHORITY, date(2026, 7, 1))
        (arrived,) = [a for a in analysis.actions if a.uid == action.uid]
        assert [i.evidence for i in arrived.impact_log] == ["18 of 20."]
        assert not arrived.closed_without_impact
        assert other.exchange.export_dict(rid)["case_details"] == document["case_details"]
    finally:
        other.close()


def test_an_action_closed_without_impact_evidence_shows_in_the_due_view(
    services: Services, review_id: int
) -> None:
    from reviewdesk.domain.clocks import StepKind

    action = services.actions.add_action(
        review_id,
        Action("Refresh safer sleep training", due=date(2026, 6, 30), status=ActionStatus.COMPLETE),
    )

    def impact_steps() -> list:  # type: ignore[type-arg]
        return [
            s
            for s in services.clocks.for_review(review_id)
            if s.kind is StepKind.IMPACT and "safer sleep" in s.step
        ]

    (step,) = impact_steps()
    assert step.due_date == date(2026, 12, 30)  # the 6-month audit
    assert step.short_step == "Evidence of impact"
    assert step.step == "Evidence of impact: Refresh safer sleep training"
    assert "6 months after the action's due date" in step.basis
    assert step.review_id == review_id and step in services.clocks.due()
    services.papers.add_impact(
        action.id, ImpactEntry(date(2026, 12, 1), "92% of staff trained.", ImpactKind.OTHER)
    )
    assert impact_steps() == []


def test_pattern_evidence_and_the_partners_response_are_printed_through_the_name_key(
    services: Services, review_id: int, tmp_path
) -> None:
    import subprocess

    from docx import Document

    from reviewdesk.domain.exporting import ExportFormat
    from reviewdesk.domain.identifiers import Kind

    services.names.add(review_id, "Quinn Harper", "Child Q")
    finding = services.findings.add_finding(
        review_id,
        Finding(
            "",
            "Referrals for bruising were late.",
            pattern_evidence="Quinn Harper's case showed it too; ring 07700 900123 for the audit.",
        ),
    )
    services.findings.add_recommendation(
        review_id,
        Recommendation("", "Audit every bruising referral.", finding_ids=(finding.id,),
                       owner_partner=Partner.HEALTH, response=PartnerResponse.ACCEPTED_IN_PART,
                       response_on=date(2026, 7, 1)),
    )  # fmt: skip
    pdf = services.exports.export(review_id, ExportFormat.PDF, tmp_path / "summary.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "How we know it is a pattern: Child Q's case showed it too" in flat
    assert "Quinn" not in flat  # the name key applies to the new text too
    assert "Owner: Integrated care board; partners' response: accepted in part (1 Jul 2026)" in flat
    word = services.exports.export(review_id, ExportFormat.DOCX, tmp_path / "summary.docx")
    paragraphs = " ".join(p.text for p in Document(str(word)).paragraphs)
    assert "How we know it is a pattern: Child Q's case showed it too" in paragraphs
    report = services.publication.check(review_id)
    phones = [f for f in report.findings if f.kind is Kind.PHONE]
    assert any(f.place.field == "finding" and "07700" in f.finding.text for f in phones)


def test_deleting_a_review_for_good_takes_its_papers_and_case_details(
    services: Services, review_id: int
) -> None:
    from sqlalchemy import text

    papers = services.papers
    papers.save_terms(review_id, TermsOfReference("Scope."))
    papers.add_family(review_id, FamilyContribution("Mother", how=FamilyWay.DECLINED))
    papers.add_process(review_id, ParallelProcess(ProcessKind.DISCIPLINARY))
    action = services.actions.add_action(review_id, Action("Audit"))
    papers.add_impact(action.id, ImpactEntry(date(2026, 10, 1), "Done."))
    services.case_details.save_details(
        review_id, CaseDetails(IncidentKind.DEATH, children=(ChildDetails("Child D", Sex.MALE),))
    )
    services.reviews.delete(review_id)  # to the Trash first
    services.reviews.purge(review_id, confirm=True)
    with services.store.read() as session:
        for table in (
            "review_terms", "family_involvement", "parallel_process", "action_impact",
            "case_details", "child_details",
        ):  # fmt: skip
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_details_of_a_child_renamed_in_the_case_record_are_kept_not_lost(
    services: Services, review_id: int
) -> None:
    details = CaseDetails(children=(ChildDetails("Child D"), ChildDetails("Sibling 1", Sex.FEMALE)))
    services.case_details.save_details(review_id, details)
    record = services.reviews.get(review_id).record
    renamed = replace(record.children[1], pseudonym="Child E")
    services.reviews.update_record(
        review_id, replace(record, children=(record.children[0], renamed))
    )
    kept = services.case_details.details(review_id)
    assert [(c.pseudonym, c.sex) for c in kept.children] == [
        ("Child D", None),
        ("Child E", None),
        ("Sibling 1", Sex.FEMALE),  # shown after the case record's children, to move or clear
    ]


def test_the_learning_report_shows_each_dated_entry_of_an_impact_log(
    services: Services, review_id: int
) -> None:
    import subprocess

    from reviewdesk.domain.dashboard import Period
    from reviewdesk.domain.learning_report import ReportFormat

    services.names.add(review_id, "Quinn Harper", "Child Q")
    action = services.actions.add_action(
        review_id, Action("Audit bruising referrals", status=ActionStatus.COMPLETE)
    )
    services.papers.add_impact(
        action.id,
        ImpactEntry(date(2026, 10, 1), "18 of 20 referred, Quinn Harper's GP too.",
                    ImpactKind.AUDIT_6_MONTHS),
    )  # fmt: skip
    period = Period.all_time(services.learning_report._today())
    _content, csv = services.learning_report.render(period, ReportFormat.CSV)
    text = csv.decode("utf-8-sig")
    assert "Audit at 6 months: 18 of 20 referred, Child Q's GP too." in text
    assert "Quinn" not in text  # the name key applies to the log as to all text
    _content, pdf = services.learning_report.render(period, ReportFormat.PDF)
    printed = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = " ".join(printed.split())
    assert "Audit at 6 months: 18 of 20 referred" in flat and "1 Oct 2026" in flat

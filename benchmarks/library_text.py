"""Phrase banks for benchmarks/make_library.py: plausible, entirely fictional practice wording.

Every sentence is invented. Slots in braces are filled per review: {child} (a pseudonym such as
"Child K"), {town} (an invented place), {agency} / {other} (agencies), {carer} (a household role)
and {month} (a month and year). The wording deliberately includes what people really type:
apostrophes, hyphens, "A&E", quotation marks and colons.
"""

from __future__ import annotations

TOWNS = (
    "Eastmere", "Northvale", "Brackenmere", "Oakhallow", "Kestrelby", "Fennick Cross",
    "Harrowdene", "Lindenvale", "Saltholm Bay", "Corrowfield", "Westerleigh Green",
    "Tamsworth Edge",
    "Ravensholme", "Dunmarrow", "Pellingby", "Quarrick",
)  # fmt: skip

ROLES = {
    "Children's social care": ("Social worker", "Team manager", "Family support worker"),
    "Police": ("Detective constable", "Police sergeant", "Public protection officer"),
    "GP": ("GP", "Practice nurse"),
    "Health visiting": ("Health visitor", "Community nursery nurse"),
    "Midwifery": ("Community midwife", "Safeguarding midwife"),
    "Hospital": ("Paediatric registrar", "Emergency department nurse"),
    "Mental health services": ("Care coordinator", "Community psychiatric nurse"),
    "Education": ("Designated safeguarding lead", "Class teacher", "Attendance officer"),
    "Early help": ("Early help practitioner", "Family key worker"),
    "Housing": ("Housing officer", "Tenancy support worker"),
    "Probation": ("Probation officer",),
    "Adult social care": ("Adult social worker",),
    "Substance-misuse services": ("Recovery worker", "Substance-misuse nurse"),
    "Domestic-abuse services": ("IDVA", "Domestic abuse outreach worker"),
    "Voluntary sector": ("Family support volunteer", "Youth worker"),
    "Youth justice": ("Youth justice worker", "Youth offending team manager"),
    "CAMHS": ("CAMHS practitioner", "Child and adolescent psychiatrist"),
    "School nursing": ("School nurse",),
    "Family hub": ("Family hub practitioner", "Family hub manager"),
}

GENERIC = (
    "Looking back, the records from {month} show that {agency} and {other} each held part of "
    "the picture, but nobody brought it together.",
    "At the time this made sense: the family were engaging and the home conditions had improved.",
    "I recorded the visit the same day, but I did not share it with {other} because I assumed "
    "they already knew.",
    "Caseloads were very high that winter and supervision was often cancelled or shortened.",
    "With hindsight I would have shown more professional curiosity about who else was living "
    "at the address.",
    "The {carer} was described as supportive, but no-one checked that with anyone outside the "
    "family.",
    "There was no strategy discussion at that point; the threshold was thought not to be met.",
    "What would have helped was a shared chronology, so each agency could see the pattern.",
    "I didn't feel able to challenge the decision, and I wasn't aware of the escalation policy.",
    "The referral was stepped down to early help after a single home visit.",
    "In {town} the multi-agency safeguarding hub was short-staffed, so checks took several days.",
    "The plan relied on what {child}'s mother said; her account was not tested against the record.",
    "Information was passed on by telephone, but no written record followed.",
    "Good practice: the {agency} worker persisted, visited again and saw {child} on their own.",
    "We now use a 'think family' prompt in every assessment, which would have helped here.",
)

THEMES = {
    "critical-thinking": (
        "The working hypothesis was 'a family under stress'; it was formed early and never "
        "re-tested when new information arrived.",
        "An injury explained as accidental was accepted without a strategy discussion.",
        "Disagreement between {agency} and {other} about the level of risk was never escalated.",
        "Supervision focused on tasks and timescales rather than on reflective analysis of risk.",
        "The A&E attendance in {month} did not fit the plan, but it was not discussed at the "
        "core group.",
        "Professional challenge felt difficult because the case had been assessed by a senior "
        "colleague.",
        "There was too much reliance on parental self-report about drug use and supervision.",
    ),
    "whole-family": (
        "The {carer} was not seen or assessed, although he was often at the home.",
        "Adult mental health services did not know that their patient was caring for a baby.",
        "The household composition recorded in {month} was out of date within weeks.",
        "The maternal grandmother rang twice with concerns, but these were not followed up.",
        "Siblings' needs were missed: the focus was almost entirely on {child}.",
        "The father's history of violence was held by probation but not shared with the health "
        "visitor.",
        "The assessment was of the mother alone; the men in the household were 'invisible'.",
    ),
    "identity": (
        "The family's faith and first language were recorded, but how they shaped daily life "
        "was not explored.",
        "A relative was used as an interpreter at the child protection medical.",
        "Assumptions about 'cultural norms' around physical chastisement were not checked.",
        "There may have been adultification: at 14, {child} was treated as able to keep herself "
        "safe.",
        "The family's earlier experience of services in another country made them wary of "
        "professionals.",
        "Identity was not discussed in supervision, and the assessment said little about "
        "racism the family had faced in {town}.",
    ),
    "babies": (
        "Bruising to a non-mobile baby was seen by the GP but the bruising protocol was not "
        "followed.",
        "Safer sleep advice was given to the mother, but not to the {carer} who often cared "
        "overnight.",
        "The baby 'was not brought' to two health appointments, which were closed as "
        "did-not-attend.",
        "The health visitor's new-birth visit noted a Moses basket, but co-sleeping after "
        "alcohol was not discussed.",
        "Coping with crying was not discussed before discharge from the maternity ward.",
        "{child} was described by others rather than seen directly for six weeks.",
        "The pre-birth assessment was started late and was not completed before the birth.",
    ),
    "domestic-abuse": (
        "Police attended three domestic abuse incidents, but the notifications did not reach "
        "the health visitor.",
        "The DASH risk assessment was graded medium and was not revisited after separation.",
        "The safety plan relied on the mother to protect {child} from her ex-partner.",
        "The person causing harm was not engaged by any agency.",
        "Coercive control was not recognised: the mother was not allowed her own phone.",
        "{child}'s own account of the shouting at home was recorded by school but not shared.",
        "The case was heard at MARAC, but the actions were not linked to the child's plan.",
    ),
    "outside-family": (
        "{child} went missing four times in {month}, and return-home interviews were not offered.",
        "After the permanent exclusion there was no plan for where {child} would spend the day.",
        "{child} was seen as an offender after the arrest, rather than as a victim of "
        "exploitation.",
        "An NRM referral was discussed but not made.",
        "The youth worker was a trusted adult, but the relationship ended when the funding did.",
        "County lines concerns were raised by the police but not shared with the school.",
        "The parents asked for help with risks they could not control and felt blamed instead.",
    ),
}

KEY_LEARNING = {
    "critical-thinking": (
        "Re-test the working hypothesis whenever new information arrives.",
        "Use the escalation policy early; professional challenge is part of good practice.",
        "Reflective supervision should make room for doubt, not only for tasks.",
    ),
    "whole-family": (
        "Ask who lives in or visits the household at every contact, and record it.",
        "Adult services should always ask whether their patient is a parent or carer.",
        "See and assess fathers and male carers, not only mothers.",
    ),
    "identity": (
        "Record identity in the family's own words and ask how it shapes daily life.",
        "Always book a professional interpreter; never rely on relatives or the child.",
        "Name and check assumptions about culture in supervision.",
    ),
    "babies": (
        "Any bruise on a non-mobile baby needs the bruising protocol, every time.",
        "Talk about safer sleep with every carer, especially when routines change.",
        "A baby who 'was not brought' is a safeguarding concern, not a missed appointment.",
    ),
    "domestic-abuse": (
        "A child who lives with domestic abuse is a victim in their own right.",
        "Revisit DASH risk assessments when circumstances change, especially separation.",
        "Engage the person causing harm; do not rely on the mother to protect.",
    ),
    "outside-family": (
        "Treat every missing episode and exclusion as a critical moment.",
        "See exploited young people as victims first.",
        "Protect trusted relationships through transitions.",
    ),
}

CHRONOLOGY = (
    "Health visitor new-birth visit at home; {child} seen asleep in a Moses basket.",
    "{child} brought to A&E with a bruise to the cheek; explained as a fall from the sofa.",
    "Police attended a domestic abuse incident at the address; DASH graded medium.",
    "GP consultation: mother reported low mood and poor sleep; antidepressants prescribed.",
    "Referral to children's social care from school after {child} disclosed shouting at home.",
    "Strategy discussion held by telephone with police and health; section 47 enquiry agreed.",
    "Missed health visiting appointment; recorded as 'was not brought'.",
    "Housing officer visit: {carer} present and said to be staying temporarily.",
    "Child protection conference: plan agreed under the category of neglect.",
    "Core group meeting; the {carer} did not attend.",
    "MARAC meeting: safety plan agreed with the domestic abuse outreach worker.",
    "{child} reported missing from home overnight; found by police the next morning.",
    "Return-home interview offered but declined.",
    "School attendance fell below 70% in {month}; attendance officer letter sent.",
    "Early help assessment closed: family said to be engaging well.",
    "Probation supervision session: the {carer} said he had no contact with children.",
    "Midwife booking appointment: previous children's social care involvement noted.",
    "Paediatric review: no further concerns; discharged to the GP.",
)

EPISODES = (
    ("The first A&E attendance", "The bruise was accepted as accidental.",
     "A previous injury was on the GP record.", "No strategy discussion was held."),
    ("Step-down to early help", "The case was closed to social care after a single visit.",
     "Police notifications were not in the file.", "A family key worker was allocated."),
    ("The new partner moves in", "The {carer} began living at the address.",
     "Probation knew his history; health did not.", "Household details were not updated."),
    ("Missed appointments in {month}", "Two health appointments were missed.",
     "The baby had not been seen for six weeks.", "The appointments were rebooked by letter."),
    ("The exclusion", "{child} was permanently excluded from school.",
     "Police had raised county lines concerns.", "No multi-agency meeting followed."),
    ("After the MARAC", "A safety plan was agreed with the mother.",
     "The ex-partner had breached bail conditions.", "The plan was not shared with school."),
)  # fmt: skip

FACTORS = (
    "High caseloads and staff vacancies",
    "No shared chronology across agencies",
    "Supervision focused on tasks",
    "Information sharing by telephone only",
    "Thresholds understood differently by each agency",
    "Interpreters not booked in time",
    "Out-of-hours cover without access to records",
)

FINDINGS = {
    "critical-thinking": (
        "Early explanations of injury are not routinely re-tested as new information arrives.",
        "Professionals do not feel confident to escalate disagreement between agencies.",
    ),
    "whole-family": (
        "Men in the household are often invisible to the professionals working with the child.",
        "Adult-facing services do not consistently ask whether a patient is a parent.",
    ),
    "identity": (
        "Assessments rarely explore identity, faith and culture in the family's own words.",
        "Relatives are still used as interpreters at key moments.",
    ),
    "babies": (
        "Safer sleep advice does not reach every carer, especially fathers and partners.",
        "Missed health appointments for babies are treated as administrative, not as risk.",
    ),
    "domestic-abuse": (
        "Police domestic abuse notifications do not reliably reach health visitors and schools.",
        "Safety plans rely on the non-abusing parent rather than engaging the person causing harm.",
    ),
    "outside-family": (
        "Critical moments such as exclusion and missing episodes do not trigger a joint response.",
        "Young people who are exploited are still seen as offenders first.",
    ),
}

RECOMMENDATIONS = (
    "The partnership should seek assurance that the bruising protocol is understood and used "
    "across all agencies.",
    "Agencies should review how domestic abuse notifications are shared with health visiting "
    "and education.",
    "The partnership should develop a 'think family' prompt for adult services.",
    "Supervision policies should include reflective discussion of the working hypothesis.",
    "The escalation policy should be relaunched with practitioner briefings.",
    "Commissioners should ensure professional interpreters are available at short notice.",
)

ACTIONS = (
    ("Deliver multi-agency training on the bruising protocol", "Audit of 20 cases shows the "
     "protocol followed", "Re-audit in {month} found the protocol followed in 18 of 20 cases."),
    ("Add a household composition check to every health visiting contact", "Records show "
     "household members at each contact", "Spot check showed household recorded at 9 of 10 "
     "contacts."),
    ("Relaunch the escalation policy with a seven-minute briefing", "Escalations logged each "
     "quarter", "Escalations rose from 2 to 11 in the following quarter."),
    ("Share police domestic abuse notifications with schools within 24 hours", "Operation "
     "Encompass notifications tracked", "Schools confirmed receipt in 95% of notifications."),
    ("Include safer sleep in every new-birth visit, with all carers", "Safer sleep recorded for "
     "each carer", "Audit found safer sleep discussed with fathers in most visits."),
    ("Offer a return-home interview after every missing episode", "Interviews offered within "
     "72 hours", "Interviews offered after 41 of 45 missing episodes."),
)  # fmt: skip

PRIVATE_NOTES = (
    "I found this really hard to write about. Talk to my supervisor.",
    "Remember to check the diary for the date of the second visit.",
    "Felt anxious before the learning event; it helped to talk it through.",
)

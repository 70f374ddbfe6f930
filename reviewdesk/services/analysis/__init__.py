"""The analysis wing: the review lead's analysis of one review.

The chronology and its import from agencies' files, key practice episodes, findings and
recommendations, the action plan, the decision log, the review papers, the case record for
analysis, the 7-minute briefing and the rapid review output. common.py holds what they share.
The same concept is reviewdesk/domain/analysis.py (read models), reviewdesk/store/analysis.py
(rows to read models) and reviewdesk/gui/pages/analysis/ (the lead's toolkit). Like the
services package, this one imports nothing itself.
"""

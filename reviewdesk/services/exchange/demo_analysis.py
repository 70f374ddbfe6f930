"""The demo review's analysis: the demo file's short form (items linked by local keys such as
"c4", contributors by name) turned into the exchange document's sections (linked by uid)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from reviewdesk.domain.errors import ReviewDeskError


def demo_sections(raw: Mapping[str, Any], people: Mapping[str, str], now: str) -> dict[str, Any]:
    """``people``: the demo contributors' new uids by name; ``now``: the time to stamp items."""
    uids: dict[str, str] = {}

    def uid(key: str) -> str:
        uids[key] = str(uuid.uuid4())
        return uids[key]

    def link(key: str) -> str:
        if key not in uids:
            raise ReviewDeskError("The demo review shipped with ReviewDesk is damaged.")
        return uids[key]

    stamps = {"created_at": now, "updated_at": now}
    chronology = [
        {
            "uid": uid(e["key"]),
            "date": e["date"],
            "precision": e["precision"],
            "agency": e["agency"],
            "what_happened": e["what_happened"],
            "source": e["source"],
            "significant": e["significant"],
            "positive_practice": e["positive_practice"],
            "theme_ids": e["themes"],
            "source_agency": "",
            "import": None,
            **stamps,
            "removed_at": None,
        }
        for e in raw.get("chronology", [])
    ]
    episodes = [
        {
            "uid": uid(ep["key"]),
            **{
                k: ep[k]
                for k in (
                    "title", "start", "end", "what_happened", "what_was_known", "what_was_done",
                    "contributory_factors",
                )
            },
            "theme_ids": ep["themes"],
            "entries": [link(k) for k in ep["entries"]],
            **stamps,
            "removed_at": None,
        }
        for ep in raw.get("episodes", [])
    ]  # fmt: skip

    def evidence(ev: Mapping[str, str]) -> dict[str, str]:
        if "entry" in ev:
            return {"entry": link(ev["entry"])}
        if "episode" in ev:
            return {"episode": link(ev["episode"])}
        return {"contributor": people[ev["contributor"]], "prompt_id": ev["prompt_id"]}

    findings = [
        {
            "uid": uid(f["key"]),
            "ref": f"F{i}",
            "statement": f["statement"],
            "kind": f["kind"],
            "theme_ids": f["themes"],
            "question": f["question"],
            "evidence": [evidence(ev) for ev in f["evidence"]],
            **stamps,
            "removed_at": None,
        }
        for i, f in enumerate(raw.get("findings", []), start=1)
    ]
    recommendations = [
        {
            "uid": uid(r["key"]),
            "ref": f"R{i}",
            "text": r["text"],
            "findings": [link(k) for k in r["findings"]],
            **stamps,
            "removed_at": None,
        }
        for i, r in enumerate(raw.get("recommendations", []), start=1)
    ]
    actions = [
        {
            "uid": str(uuid.uuid4()),
            **{k: v for k, v in a.items() if k != "recommendation"},
            "recommendation": link(a["recommendation"]) if a.get("recommendation") else None,
            **stamps,
        }
        for a in raw.get("actions", [])
    ]
    decisions = [
        {"uid": str(uuid.uuid4()), **d, **stamps} for d in raw.get("decisions", [])
    ]  # the decision log (issue 18), as written in the demo file
    citations = [
        {"contributor": people[c["contributor"]], "prompt_id": c["prompt_id"], "entry": link(k)}
        for c in raw.get("citations", [])
        for k in c["entries"]
    ]
    sections = {
        "chronology": chronology,
        "episodes": episodes,
        "findings": findings,
        "recommendations": recommendations,
        "actions": actions,
        "citations": citations,
        "decisions": decisions,
    }
    return {k: v for k, v in sections.items() if v}

"""Contributions received (issue 19 point 5) through the services: what each contribution holds,
theme by theme, recomputed from what was stored; and, while nothing has come back, how it stands
against the return-by date in working days. "Today" is fixed at Monday 7 December 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from reviewdesk.paths import resolve_paths
from reviewdesk.services import Services, open_services
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from tests.exchange_loop import reflect

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SECRET = "a long shared passphrase"


def at(root: Path, name: str) -> Services:
    return open_services(resolve_paths(root / name), kdf=FAST_TEST_KDF, clock=lambda: NOW)


def test_status_counts_what_came_back_and_what_is_still_awaited(tmp_path: Path) -> None:
    lead, priya = at(tmp_path, "lead"), at(tmp_path, "priya")
    try:
        demo, _ = lead.exchange.add_demo()
        themes = [t.id for t in lead.reviews.get(demo.id).framework.themes[:2]]
        pack = tmp_path / "priya.rdpack"
        lead.packs.make_pack(demo.id, "Priya Shah", pack, SECRET, theme_ids=themes,
                             return_by=date(2026, 12, 10))  # fmt: skip
        lead.packs.make_pack(demo.id, "Sam Okoro", tmp_path / "sam.rdpack", SECRET,
                             return_by=date(2026, 12, 2))  # fmt: skip
        lead.packs.make_pack(demo.id, "Lee Moss", tmp_path / "lee.rdpack", SECRET)
        rows = {r.contributor.name: r for r in lead.contributions.status(demo.id)}
        assert rows["Priya Shah"].due.phrase == "3 working days left"  # type: ignore[union-attr]
        assert rows["Sam Okoro"].due.overdue  # type: ignore[union-attr]
        assert rows["Sam Okoro"].due.phrase == "Overdue by 3 working days"  # type: ignore[union-attr]
        assert rows["Lee Moss"].due is None and rows["Lee Moss"].return_by is None

        opened = priya.imports.import_file(pack, SECRET).review.id
        reflect(priya, opened, "The health visitor saw the baby sleeping safely.")
        returned = tmp_path / "priya.rdreturn"
        priya.contributions.write(opened, returned, SECRET)
        lead.imports.import_file(returned, SECRET)

        back = {r.contributor.name: r for r in lead.contributions.status(demo.id)}["Priya Shah"]
        assert back.returned and back.due is None  # nothing outstanding once it is back
        content = back.current.content  # type: ignore[union-attr]
        assert [t.theme_id for t in content.themes] == themes
        assert (content.answered, content.rated, content.key_learning) == (1, 1, 1)
        assert content.themes[0].answered == 1 and content.themes[1].empty
        (version,) = lead.contributions.versions(back.contributor.id)
        assert version.content == content
    finally:
        lead.close()
        priya.close()

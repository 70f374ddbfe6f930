"""The exchange loop (pack, open, contribute, merge, status) makes no network connection: the
same audit-hook guard as tests/test_no_network.py, around the whole loop in one subprocess."""

from __future__ import annotations

from pathlib import Path

from tests.test_no_network import run_guarded


def test_the_exchange_loop_opens_no_socket(tmp_path: Path) -> None:
    folders = {name: str(tmp_path / name) for name in ("lead", "priya", "sam")}
    files = {name: str(tmp_path / name) for name in ("pw", "p.rdpack", "s.rdpack", "p.rdreturn")}
    result = run_guarded(
        f"""
        from pathlib import Path
        from reviewdesk.services.exchange import sealed
        sealed.DEFAULT_KDF = sealed.FAST_TEST_KDF  # the documented test seam (still in bounds)
        from reviewdesk.cli import main
        from reviewdesk.paths import resolve_paths
        from reviewdesk.services.bundle import open_services
        from reviewdesk.domain.review import Relevance

        d, f = {folders!r}, {files!r}
        Path(f["pw"]).write_text("plum tractor lantern\\n", encoding="utf-8")
        pw = ["--passphrase-file", f["pw"]]
        assert main(["--data-dir", d["lead"], "demo"]) == 0
        assert main(["--data-dir", d["lead"], "pack", "DEMO-2026-01", "--contributor",
                     "Priya Shah", "--themes", "babies", "-o", f["p.rdpack"], *pw]) == 0
        assert main(["--data-dir", d["lead"], "pack", "DEMO-2026-01", "--contributor",
                     "Sam Okoro", "-o", f["s.rdpack"], "--no-encryption"]) == 0
        assert main(["--data-dir", d["priya"], "import", f["p.rdpack"], *pw]) == 0
        assert main(["--data-dir", d["sam"], "import", f["s.rdpack"]]) == 0

        svc = open_services(resolve_paths(d["priya"]))
        (review,) = svc.reviews.list_reviews()
        (work,) = svc.reviews.get(review.id).contributors
        svc.reviews.save_answer(work.contributor.id, "babies-day-to-day-care", "Mother and partner")
        svc.reviews.save_assessment(work.contributor.id, "babies", Relevance.SOME, "Ask who")
        svc.close()

        assert main(["--data-dir", d["priya"], "contribute", "DEMO-2026-01",
                     "-o", f["p.rdreturn"], *pw]) == 0
        assert main(["--data-dir", d["lead"], "import", f["p.rdreturn"], *pw]) == 0
        assert main(["--data-dir", d["lead"], "import", f["p.rdreturn"], *pw]) == 0  # duplicate
        assert main(["--data-dir", d["sam"], "import", f["p.rdreturn"], *pw]) == 1  # refused

        svc = open_services(resolve_paths(d["lead"]))
        (review,) = svc.reviews.list_reviews()
        status = svc.contributions.status(review.id)
        assert [x.returned for x in status] == [True, False], status
        svc.close()
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NO-NETWORK-OK" in result.stdout

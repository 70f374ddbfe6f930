"""The generated library (benchmarks/make_library.py) is one the app reads back as its own."""

from __future__ import annotations

from pathlib import Path

from benchmarks.make_library import build_library
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services


def test_a_generated_library_reads_back_through_the_services(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    build_library(data, reviews=5, seed=3, batch=2)  # three write transactions
    build_library(data, reviews=2, seed=4)  # adding to a library keeps ids and references apart
    services = open_services(resolve_paths(data))
    try:
        summaries = services.reviews.list_reviews()
        assert len(summaries) == 7
        assert len({s.reference for s in summaries}) == 7
        answered = 0
        for summary in summaries:
            doc = services.reviews.get(summary.id)
            assert 2 <= len(doc.contributors) <= 4
            assert "(fictional)" in doc.record.title
            assert doc.record.agencies
            answered += sum(len(c.answers) for c in doc.contributors)
            analysis = services.findings.analysis(summary.id)
            for finding in analysis.findings:
                assert finding.theme_ids and finding.links
            services.actions.actions(summary.id)
        assert answered > 7 * 2 * 10
        report = services.integrity.run()
        assert report.ok, report.lines()
    finally:
        services.close()


def test_the_same_seed_makes_the_same_library(tmp_path: Path) -> None:
    def titles(folder: Path) -> list[tuple[str, str]]:
        build_library(folder, reviews=3, seed=11)
        services = open_services(resolve_paths(folder))
        try:
            return [(s.reference, s.title) for s in services.reviews.list_reviews()]
        finally:
            services.close()

    assert titles(tmp_path / "a") == titles(tmp_path / "b")

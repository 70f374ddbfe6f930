"""Importing agency chronologies: UK dates with their precision, the column mapping, malformed
rows listed by line, all or nothing, duplicates flagged, CSV and .xlsx."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewdesk.domain.analysis import DatePrecision
from reviewdesk.domain.chronology_import import (
    DateProblem,
    Field,
    guess_mapping,
    parse_uk_date,
)
from reviewdesk.domain.errors import ImportRowsError, ReviewDeskError, ValidationError

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/03/2025", (date(2025, 3, 14), DAY)),
        ("4/3/25", (date(2025, 3, 4), DAY)),
        ("14-03-2025", (date(2025, 3, 14), DAY)),
        ("14.03.2025", (date(2025, 3, 14), DAY)),
        ("2025-03-14", (date(2025, 3, 14), DAY)),
        ("14 March 2025", (date(2025, 3, 14), DAY)),
        ("14th Mar 2025", (date(2025, 3, 14), DAY)),
        ("March 2025", (date(2025, 3, 1), MONTH)),
        ("sept 2025", (date(2025, 9, 1), MONTH)),
        ("03/2025", (date(2025, 3, 1), MONTH)),
        ("2025-03", (date(2025, 3, 1), MONTH)),
        (" 2025 ", (date(2025, 1, 1), YEAR)),
        (datetime(2025, 3, 14, 9, 30), (date(2025, 3, 14), DAY)),
    ],
)
def test_uk_dates_are_read_with_their_precision(text, expected) -> None:
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2025", "not a real date"),
        ("03/14/2025", "day first"),
        ("", "missing"),
        ("next Tuesday", "is not a date like"),
        ("Smarch 2025", "is not a date like"),
    ],
)
def test_what_is_not_a_date_says_why(text, reason) -> None:
    with pytest.raises(DateProblem, match=reason):
        parse_uk_date(text)


@given(st.text(max_size=40))
def test_the_date_reader_never_fails_unexpectedly(text: str) -> None:
    try:
        when, precision = parse_uk_date(text)
    except DateProblem:
        return
    assert isinstance(when, date) and precision in (DAY, MONTH, YEAR)


def test_mapping_is_guessed_from_headings() -> None:
    assert guess_mapping(
        ["Date of contact", "Organisation", "Details", "Source record", "Significant?",
         "Positive practice", "Theme", "Worker"]
    ) == [Field.DATE, Field.AGENCY, Field.WHAT_HAPPENED, Field.SOURCE, Field.SIGNIFICANT,
          Field.POSITIVE, Field.THEMES, Field.IGNORE]  # fmt: skip


GOOD = (
    "Date,Agency,What happened,Source record,Significant?,Themes\n"
    "14/03/2025,,Nursery place offered for Sibling 1,Admissions letter,no,\n"
    'March 2025,Education,"Sibling 1 starts nursery, settles well",Nursery record,,whole-family\n'
    "2025,,Early help assessment,EH record,yes,Vulnerability of babies; domestic-abuse\n"
    ",,,,,\n"
    "22/11/2025,Police,Officers attend after a neighbour reports shouting,Log,yes,\n"
    "01/01/2026,,'=1+2 was typed as text,,,\n"
)
BAD = (
    "Date,What happened,Significant\n"
    "31/02/2025,Bad date,\n"
    "14/03/2025,Fine,\n"
    "14/03/2025,,\n"
    "2025,Year only,maybe\n"
    '"14/03/2025","A note over\ntwo lines",perhaps\n'
)


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    return services.exchange.add_demo()[0]


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def test_preview_maps_checks_and_flags_duplicates(services, demo, tmp_path) -> None:
    path = _write(tmp_path, "good.csv", GOOD)
    preview = services.chronology.preview(demo.id, path, "Education")
    assert preview.mapping[:3] == (Field.DATE, Field.AGENCY, Field.WHAT_HAPPENED)
    assert preview.problems == () and preview.skipped_blank == 1
    rows = {r.line: r for r in preview.rows}
    assert rows[2].entry.agency == "Education" and rows[2].entry.source_agency == "Education"
    assert rows[3].entry.precision is MONTH and rows[3].entry.theme_ids == ("whole-family",)
    assert rows[4].entry.precision is YEAR and rows[4].entry.significant
    assert rows[4].entry.theme_ids == ("babies", "domestic-abuse")
    assert rows[6].entry.agency == "Police"
    assert "already in the chronology (22 Nov 2025, Police)" in rows[6].duplicate_of
    assert preview.can_import


def test_malformed_rows_are_listed_by_line_and_nothing_is_imported(
    services, demo, every_row, tmp_path
) -> None:
    path = _write(tmp_path, "bad.csv", BAD)
    preview = services.chronology.preview(demo.id, path, "Education")
    assert preview.problems == (
        (2, "'31/02/2025' is not a real date"),
        (4, "'what happened' is empty"),
        (5, "significant: 'maybe' is not yes or no"),
        (6, "significant: 'perhaps' is not yes or no"),
    )
    before = every_row()  # (the library file's rows; on a server, every row of its database)
    with pytest.raises(ImportRowsError, match="4 row") as err:
        services.chronology.import_file(demo.id, path, "Education")
    assert [line for line, _ in err.value.problems] == [2, 4, 5, 6]
    assert every_row() == before


def test_a_good_file_imports_in_one_batch_leaving_out_duplicates(services, demo, tmp_path) -> None:
    path = _write(tmp_path, "good.csv", GOOD)
    result = services.chronology.import_file(demo.id, path, "Education")
    assert result.added == 4 and result.duplicates_left_out == 1
    assert "Added 4 entries from Education's chronology" in result.message
    imported = [e for e in services.chronology.entries(demo.id) if e.import_batch]
    assert {e.import_batch for e in imported} == {result.batch_uid}
    assert {e.source_agency for e in imported} == {"Education"}
    # A cell our own CSV export quoted (a leading ' before =) comes back as it was typed.
    assert "=1+2 was typed as text" in [e.what_happened for e in imported]


def test_mapping_can_be_changed_and_must_name_date_and_text(services, demo, tmp_path) -> None:
    path = _write(tmp_path, "odd.csv", "When,Notes,Who\n14/03/2025,Seen at home,Health visiting\n")
    guessed = services.chronology.preview(demo.id, path, "Health visiting")
    assert guessed.mapping == (Field.DATE, Field.WHAT_HAPPENED, Field.IGNORE)
    chosen = (Field.DATE, Field.WHAT_HAPPENED, Field.AGENCY)
    preview = services.chronology.preview(demo.id, path, "Health visiting", chosen)
    assert preview.rows[0].entry.agency == "Health visiting"
    broken = services.chronology.preview(
        demo.id, path, "HV", (Field.DATE, Field.IGNORE, Field.AGENCY)
    )
    assert "what happened" in broken.mapping_problem and not broken.can_import
    with pytest.raises(ValidationError, match="what happened"):
        services.chronology.import_file(
            demo.id, path, "HV", (Field.DATE, Field.IGNORE, Field.AGENCY)
        )
    with pytest.raises(ValidationError, match="which agency"):
        services.chronology.import_file(demo.id, path, " ")


def test_windows_text_semicolons_and_excel_workbooks(services, demo, tmp_path) -> None:
    path = _write(tmp_path, "win.csv", "Date;What happened\n14/03/2025;Café visit\n", "cp1252")
    preview = services.chronology.preview(demo.id, path, "Health visiting")
    assert preview.rows[0].entry.what_happened == "Café visit" and preview.notes

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "What happened", "Positive practice"])
    sheet.append([datetime(2025, 3, 14), "Seen with Sibling 1", "yes"])
    sheet.append(["April 2025", "Letter sent", None])
    sheet.append(["not a date", "Oops", None])
    xlsx = tmp_path / "agency.xlsx"
    book.save(xlsx)
    preview = services.chronology.preview(demo.id, xlsx, "Health visiting")
    assert (
        preview.rows[0].entry.when == date(2025, 3, 14) and preview.rows[0].entry.positive_practice
    )
    assert preview.rows[1].entry.precision is MONTH
    assert preview.problems == (
        (4, "'not a date' is not a date like 14/03/2025, 14 March 2025, March 2025 or 2025"),
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 not really a workbook", "not an Excel workbook"),
        (b"\x00\x01\x02binary", "not a text"),
        (b"\n\n\n", "empty"),
    ],
)
def test_unreadable_files_say_why(services, demo, tmp_path, content, reason) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ReviewDeskError, match=reason):
        services.chronology.preview(demo.id, path, "Police")


# --- issue 16, part 6: imports keep what people meant ------------------------------------------


def test_blank_rows_far_below_the_data_do_not_count_against_the_limit(
    services, demo, tmp_path
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reviewdesk.domain.chronology_import import MAX_ROWS

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "What happened"])
    for i in range(MAX_ROWS):
        sheet.append([f"{1 + i % 28}/03/2025", f"Visit {i}"])
    sheet.cell(row=MAX_ROWS + 3000, column=1).font = Font(bold=True)  # formatted, empty
    xlsx = tmp_path / "agency.xlsx"
    book.save(xlsx)
    preview = services.chronology.preview(demo.id, xlsx, "Police")
    assert not preview.file_problem and preview.can_import
    assert len(preview.rows) == MAX_ROWS and preview.skipped_blank >= 2998
    rows = "Date,What happened\n" + "14/03/2025,Seen\n" * 10 + ",\n" * 20_000
    csv_path = _write(tmp_path, "blank.csv", rows)
    preview = services.chronology.preview(demo.id, csv_path, "Police")
    assert preview.can_import and preview.skipped_blank == 20_000


def test_one_windows_line_in_a_utf8_file_is_named_and_no_good_line_is_mojibake(
    services, demo, tmp_path
) -> None:
    good = "Date,What happened\n14/03/2025,Zoë’s café visit — “calm”\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        good.encode("utf-8")
        + "15/03/2025,Résumé from the school\n".encode("cp1252")
        + '16/03/2025,"Naïve plan, 5 €"\n'.encode()
    )
    preview = services.chronology.preview(demo.id, path, "Police")
    texts = [r.entry.what_happened for r in preview.rows]
    assert texts == ["Zoë’s café visit — “calm”", "Résumé from the school", "Naïve plan, 5 €"]
    assert any("except line 3" in n and "cp1252" in n for n in preview.notes), preview.notes


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_read(services, demo, tmp_path, encoding) -> None:
    path = _write(
        tmp_path, "ps.csv", "Date,What happened\r\n14/03/2025,Zoë seen at home\r\n", encoding
    )
    preview = services.chronology.preview(demo.id, path, "Police")
    assert [r.entry.what_happened for r in preview.rows] == ["Zoë seen at home"]
    assert any("UTF-16" in n for n in preview.notes)


def test_control_characters_are_removed_and_said(services, demo, tmp_path) -> None:
    path = _write(tmp_path, "ctl.csv", "Date,What happened\n14/03/2025,Seen\x00 at\x07 home\x1b\n")
    preview = services.chronology.preview(demo.id, path, "Police")
    assert [r.entry.what_happened for r in preview.rows] == ["Seen at home"]
    assert any("3 invisible control characters were removed" in n for n in preview.notes)


def without_controls(text: str) -> str:
    """C0 controls and DEL, except tab, line feed and carriage return, gone (written here, not
    imported, so the test does not take the code's word for it)."""
    return "".join(c for c in text if c in "\t\n\r" or not (ord(c) < 32 or ord(c) == 127))


_cell_text = st.text(max_size=60).filter(lambda t: without_controls(t).strip())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(what=_cell_text, source=st.text(max_size=30))
def test_every_chronology_csv_export_reads_back(tmp_path, what, source) -> None:
    from reviewdesk.domain.analysis import ChronologyEntry
    from reviewdesk.domain.chronology_import import build_preview
    from reviewdesk.exports.tables_csv import chronology_csv
    from reviewdesk.services.analysis.chronology_import import read_table

    entry = ChronologyEntry(date(2025, 3, 14), what, "Police", source=source)
    path = tmp_path / "round.csv"
    path.write_bytes(chronology_csv([entry], {}))
    table = read_table(path)
    preview = build_preview(table.headers, table.rows, None, agency="Police", themes=())
    assert preview.problems == () and len(preview.rows) == 1, preview.problems
    back = preview.rows[0].entry
    assert back.what_happened == without_controls(what).strip()
    assert back.source == without_controls(source).strip()
    assert back.when == entry.when

"""Hostile input anywhere a file or a setting comes in: a kind message, nothing changed, never a
traceback (issue 16, part 5). Each case here raised a Python error before."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewdesk.domain.errors import ReviewDeskError, ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.services.exchange import sealed
from reviewdesk.services.exchange.reading import parse_json_bytes
from reviewdesk.services.exchange.sealed import FAST_TEST_KDF
from tests.engines import on_server
from tests.exchange_loop import PASSPHRASE, dump, library, members, reflect

HUGE = "1" + "0" * 5000
# (what to put where, what the message says)
HOSTILE = {
    "a number of 5,001 digits": ("format_version", HUGE, "a number 5,001 characters long"),
    "a lone surrogate": ("text", '"Child \\ud800 D"', "broken character"),
    "a time that overflows in UTC": ("stamp", '"0001-01-01T00:00:00+01:00"', "outside the years"),
    "a time in the year 9999": ("stamp", '"9999-12-31T23:59:59-05:00"', "outside the years"),
}


def _spoil(payload: bytes, where: str, value: str, text_key: str, stamp_key: str) -> bytes:
    """The JSON with one value replaced by ``value`` (written as raw JSON text)."""
    marker = "\u2603SPOILED\u2603"
    doc = json.loads(payload)

    def put(obj, key):  # type: ignore[no-untyped-def]
        path = key.split(".")
        for k in path[:-1]:
            obj = obj[k]
        obj[path[-1]] = marker

    put(doc, {"format_version": "format_version", "text": text_key, "stamp": stamp_key}[where])
    return json.dumps(doc).replace(json.dumps(marker), value).encode("utf-8")


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_json_review_is_refused_kindly(services, tmp_path, case, every_row) -> None:
    demo, _ = services.exchange.add_demo()
    good = services.exchange.export_json_bytes(demo.id)
    where, value, said = HOSTILE[case]
    path = tmp_path / "review.json"
    path.write_bytes(_spoil(good, where, value, "review.title", "review.created_at"))
    before = every_row()  # (the library file's rows; on a server, every row of its database)
    with pytest.raises(ReviewDeskError, match=said) as err:
        services.exchange.import_file(path)
    assert "Nothing has been changed" in str(err.value)
    assert every_row() == before


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_pack_and_contribution_are_refused_kindly(tmp_path, case) -> None:
    where, value, said = HOSTILE[case]
    lead, priya = library(tmp_path, "lead"), library(tmp_path, "priya")
    try:
        review = lead.exchange.add_demo()[0]
        pack = tmp_path / "p.rdpack"
        lead.packs.make_pack(review.id, "Priya Shah", pack, None)
        payload = members(pack.read_bytes())["payload.json"]
        bad_pack = tmp_path / "bad.rdpack"
        bad_pack.write_bytes(
            sealed.seal(
                "pack", _spoil(payload, where, value, "review.title", "pack.created_at"), None
            )
        )
        before = dump(tmp_path / "priya" / "reviewdesk.sqlite3")
        with pytest.raises(ReviewDeskError, match=said):
            priya.imports.import_file(bad_pack, None)
        assert dump(tmp_path / "priya" / "reviewdesk.sqlite3") == before
        # the good pack opens; what comes back can be just as hostile
        opened = priya.imports.import_file(pack, None).review.id
        reflect(priya, opened, "Seen at home")
        back = tmp_path / "back.rdreturn"
        priya.contributions.write(opened, back, PASSPHRASE)
        inner = sealed.unseal(sealed.peek(back.read_bytes()), PASSPHRASE)
        spoiled = _spoil(
            inner, where, value, "contribution.written_by.name", "contribution.written_at"
        )
        bad_back = tmp_path / "bad.rdreturn"
        bad_back.write_bytes(sealed.seal("contribution", spoiled, PASSPHRASE, FAST_TEST_KDF))
        before = dump(tmp_path / "lead" / "reviewdesk.sqlite3")
        with pytest.raises(ReviewDeskError, match=said):
            lead.imports.import_file(bad_back, PASSPHRASE)
        assert dump(tmp_path / "lead" / "reviewdesk.sqlite3") == before
    finally:
        lead.close()
        priya.close()


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.from_regex(r"-?[0-9]{1,6000}", fullmatch=True),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json_values)
def test_any_json_at_all_is_read_or_refused_kindly(value) -> None:  # type: ignore[no-untyped-def]
    raw = json.dumps(value).encode("utf-8", "surrogatepass")
    try:
        parse_json_bytes(raw)
    except ReviewDeskError as exc:
        assert "Nothing has been changed" in str(exc)


@pytest.mark.parametrize(
    "marking", ["OFFICIAL\x01SENSITIVE", "OFFICIAL\x00", "SECRET\ud800", "A\x7fB"]
)
def test_a_marking_that_cannot_be_printed_is_refused_and_word_still_exports(
    services, marking
) -> None:
    demo, _ = services.exchange.add_demo()
    before = services.settings.default_marking()
    with pytest.raises(ValidationError, match="printed on every page"):
        services.settings.set_default_marking(marking)
    assert services.settings.default_marking() == before
    with pytest.raises(ValidationError, match="printed on every page"):
        services.exports.render(demo.id, ExportFormat.DOCX, ExportOptions(marking=marking))
    # a library that already holds one (saved before markings were checked) still exports
    if "\ud800" in marking:
        return  # SQLite could never have stored this one
    if "\x00" in marking and on_server(services):
        return  # nor PostgreSQL this one (its text cannot hold NUL): only an old file could
    services.settings._set("default_marking", marking)
    data = services.exports.render(demo.id, ExportFormat.DOCX, services.exports.default_options())
    assert data.startswith(b"PK")


def test_a_huge_limit_is_just_a_big_limit(services) -> None:
    services.exchange.add_demo()
    assert services.audit.entries(limit=10**30)
    assert services.audit.entries(reference="NOPE", limit=10**30) == []
    assert services.search.search("home", limit=10**30) is not None


# --- .xlsx cells that cannot be what they claim ---------------------------------------------


def _workbook(tmp_path, mutate):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "What happened"])
    sheet.append([datetime(2025, 3, 14), "Seen at home"])
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = tmp_path / "agency.xlsx"
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = mutate(data.decode()).encode()
            z.writestr(info, data)
    return out


def test_an_xlsx_with_a_missing_shared_text_is_refused_kindly(services, tmp_path) -> None:
    demo, _ = services.exchange.add_demo()
    path = _workbook(
        tmp_path,
        lambda x: x.replace(
            '<c r="B2" t="inlineStr"><is><t>Seen at home</t></is></c>',
            '<c r="B2" t="s"><v>999</v></c>',
        ),
    )
    with pytest.raises(ReviewDeskError, match="row 2 of its first sheet is damaged"):
        services.chronology.preview(demo.id, path, "Police")


@pytest.mark.parametrize("serial", ["1e20", "-5000000", "2958465"])
def test_an_xlsx_with_an_impossible_date_lists_the_row(services, tmp_path, serial) -> None:
    demo, _ = services.exchange.add_demo()
    path = _workbook(tmp_path, lambda x: x.replace("<v>45730</v>", f"<v>{serial}</v>"))
    with pytest.warns(UserWarning) if serial != "2958465" else _nothing():
        preview = services.chronology.preview(demo.id, path, "Police")
    ((line, problem),) = preview.problems
    assert line == 2 and ("spreadsheet error" in problem or "outside the years" in problem)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None

"""Word documents are written in time that grows with their length, not its square (issue 20).

python-docx looks for the body's section properties among every child of the body each time a
paragraph or table is added, and finds the last section by an XPath search of the whole body
for every table: a learning report over 811 reviews took 16 s, over 2,000 far longer.
exports/word_common.py does both in constant time; these tests count the whole-body searches
while a long document is written, and check the XML is what python-docx writes itself.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.document import CT_Body, CT_Document
from docx.oxml.ns import qn
from docx.oxml.text.run import _RunContentAppender

from reviewdesk.exports import word_tables, word_xml
from reviewdesk.exports.summary_docx import _bullet, _table, new_document


def _write(doc, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        doc.add_heading(f"Section {i}", level=2)
        _bullet(doc, f"Finding {i}: a sentence with\ta tab and\na line break", label=f"R{i}")
        _bullet(doc, f"Finding {i}: plain text, from LCSPR-2024-{i:04d}", label=f"R{i}")
        _bullet(doc, "No label")
        _table(doc, ("Reference", "What"), [(f"LCSPR-2024-{i:04d}", "An action"), ("x", "y")])
        _table(
            doc,
            ("About", "", "Due"),
            [
                ("An action  with  spaces", "", "2025-03-01 to 2025-04-01"),
                ("-", "a-1 b 2-c  LCSPR-2024-0001-", "line one\nline two"),  # a break: python-docx
                ("Tab\there", "Ends with a space ", " starts with one"),
            ],
        )
    doc.add_paragraph().add_run("a tab\there, a line break\nthere")  # python-docx's own way


def test_a_long_document_never_searches_the_whole_body_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    searches = {"sections": 0, "body": 0}
    sections = CT_Document.sectPr_lst

    def counted_sections(self):  # type: ignore[no-untyped-def]
        searches["sections"] += 1
        return sections.fget(self)

    looked = CT_Body.first_child_found_in

    def counted_body(self, *tagnames):  # type: ignore[no-untyped-def]
        searches["body"] += 1
        return looked(self, *tagnames)

    monkeypatch.setattr(CT_Document, "sectPr_lst", property(counted_sections))
    monkeypatch.setattr(CT_Body, "first_child_found_in", counted_body)
    doc = new_document()
    before = dict(searches)
    _write(doc, 200)  # 200 headings, bullets and tables
    assert searches["sections"] - before["sections"] <= 1  # once per document, not per table
    assert searches["body"] - before["body"] == 0
    body = doc.element.body
    assert body[-1].tag == qn("w:sectPr")  # the section properties stay last, as Word needs
    reread = Document(io.BytesIO(_saved(doc)))
    assert len(reread.tables) == 400
    assert reread.paragraphs[-5].text.startswith("R199: Finding 199: plain text")


def _saved(doc) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_the_xml_is_what_python_docx_writes_itself(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def body_xml(doc) -> bytes:  # type: ignore[no-untyped-def]
        from lxml import etree

        return etree.tostring(doc.element.body)

    fast = new_document()
    _write(fast, 5)

    # python-docx's own ways back in place: the same content must give the same XML
    def original(self, element):  # type: ignore[no-untyped-def]
        return self.insert_element_before(element, "w:sectPr")

    monkeypatch.setattr(CT_Body, "_insert_p", original)
    monkeypatch.setattr(CT_Body, "_insert_tbl", original)
    monkeypatch.setattr(_RunContentAppender, "add_text", word_xml._add_text_by_character)
    # ... and table rows, cells, bullets and widths through python-docx's objects, not as XML
    monkeypatch.setattr(word_xml, "plain", lambda text: False)
    monkeypatch.setattr(word_tables, "_simple_grid", lambda table, columns: False)
    slow = new_document()
    _write(slow, 5)
    assert body_xml(fast) == body_xml(slow)
    tabbed = [r for r in fast.element.body.iter(qn("w:r")) if r.find(qn("w:tab")) is not None]
    assert tabbed and all(r.find(qn("w:br")) is not None for r in tabbed)


def test_table_rows_and_bullets_are_written_without_python_docx_s_element_search(
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    """A learning report over 2,000 reviews has about 60,000 table cells and 30,000 bullets:
    python-docx finds each new element's place by searching its siblings (24 s of the report's
    time). Plain rows and bullets are written as XML directly: that search is made a fixed
    number of times per table, however many rows and bullets there are."""
    from docx.oxml.xmlchemy import BaseOxmlElement

    searched = {"n": 0}
    original = BaseOxmlElement.insert_element_before

    def counted(self, elm, *tagnames):  # type: ignore[no-untyped-def]
        searched["n"] += 1
        return original(self, elm, *tagnames)

    monkeypatch.setattr(BaseOxmlElement, "insert_element_before", counted)

    def searches(rows: int) -> int:
        doc = new_document()
        searched["n"] = 0
        for i in range(rows):
            _bullet(doc, f"Key learning {i} from LCSPR-2024-{i:04d}", label=f"R{i}, Police")
        _table(
            doc,
            ("Review", "Action", "Due"),
            [(f"LCSPR-2024-{i:04d}", f"Action {i}", "2026-01-31") for i in range(rows)],
        )
        return searched["n"]

    few, many = searches(10), searches(300)
    assert many == few  # nothing per row or per bullet
    assert few < 40

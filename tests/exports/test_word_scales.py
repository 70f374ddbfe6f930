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

from reviewdesk.exports import word_common as word
from reviewdesk.exports.summary_docx import _bullet, _table, new_document


def _write(doc, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        doc.add_heading(f"Section {i}", level=2)
        _bullet(doc, f"Finding {i}: a sentence with\ta tab and\na line break", label=f"R{i}")
        _table(doc, ("Reference", "What"), [(f"LCSPR-2024-{i:04d}", "An action"), ("x", "y")])
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
    assert len(reread.tables) == 200
    assert reread.paragraphs[-3].text.startswith("R199: Finding 199")


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
    monkeypatch.setattr(_RunContentAppender, "add_text", word._add_text_by_character)
    slow = new_document()
    _write(slow, 5)
    assert body_xml(fast) == body_xml(slow)
    tabbed = [r for r in fast.element.body.iter(qn("w:r")) if r.find(qn("w:tab")) is not None]
    assert tabbed and all(r.find(qn("w:br")) is not None for r in tabbed)

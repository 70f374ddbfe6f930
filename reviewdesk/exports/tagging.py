"""Tagged, accessible PDFs (PDF/UA-1) from ReportLab, whose open-source version has no tagging.

How it works:

- :class:`TaggingCanvas` wraps every text object it draws in a marked-content sequence
  (``/P <</MCID n>> BDC … EMC``) owned by one element of a structure tree it keeps (:class:`Tags`).
  Everything else on a page (rules, shading, bars, bullets' boxes) sits inside ``/Artifact``
  sequences, which are open by default: nothing drawn is ever left neither tagged nor artifact.
- Flowables say what they are by opening an element around their drawing: :func:`element`
  (paragraphs by their style: headings, list items; tables by rows and cells; figures with
  their alternative text). Text drawn where no flowable said anything becomes a paragraph.
- The running header and footer, page numbers and the DRAFT watermark are drawn inside
  :func:`artifact` (pagination artifacts).
- When the document is saved the tree is written with ReportLab's own PDF objects: the
  StructTreeRoot and its ParentTree, ``/StructParents`` and ``/Tabs /S`` on every page, link
  annotations in the tree (``OBJR``) with a description, ``/MarkInfo``, ``/Lang en-GB``,
  ``/ViewerPreferences /DisplayDocTitle`` and XMP metadata with the title and the PDF/UA
  identifier. ReportLab's base-14 Helvetica is never referenced (every font is embedded).

Elements follow ISO 32000-1's standard structure types: Document, H1-H3, P, L/LI/Lbl/LBody,
Table/TR/TH/TD (TH with a /Scope), Figure (with /Alt), TOC/TOCI, Link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

LANG = "en-GB"

# Elements that hold other elements, never marked content of their own.
GROUPS = frozenset({"Document", "Part", "Sect", "Div", "L", "LI", "Table", "TR", "TOC", "TOCI"})
# Elements that hold block elements (paragraphs) as well as content.
BLOCKS = GROUPS | {"TD", "TH", "LBody", "BlockQuote"}
# What each grouping element may hold directly (ISO 32000-1, 14.8.4).
CHILDREN = {
    "L": {"LI", "L", "Caption"},
    "LI": {"Lbl", "LBody"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "TR": {"TH", "TD"},
    "TOC": {"TOCI", "TOC", "Caption"},
    "TOCI": {"Lbl", "Reference", "NonStruct", "P", "TOC", "Link"},
}
HEADINGS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
# Base-14 fonts ReportLab falls back on (a table's or a bullet's default) and the embedded face
# drawn instead: see :meth:`TaggingCanvas._font_name`.
_BASE14 = re.compile(r"^(Helvetica|Times|Courier|Symbol|ZapfDingbats)")


@dataclass(eq=False)
class Node:
    """One structure element: its role, its kids (elements, marked content as (page, MCID),
    and link annotations) and its attributes."""

    role: str
    parent: Node | None = None
    kids: list[Any] = field(default_factory=list)
    alt: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    ref: PDFObjectReference | None = None

    def add(self, role: str, **kw: Any) -> Node:
        node = Node(role, self, **kw)
        self.kids.append(node)
        return node

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def has_content(self) -> bool:
        return any(not isinstance(k, Node) or k.has_content() for k in self.kids)

    def ref_name(self) -> str:
        """The name of this element's object (given when the structure is written)."""
        assert self.ref is not None, "the structure element has not been written yet"
        return self.ref.name


@dataclass(eq=False)
class _Annot:
    """A link annotation placed inside an element (an OBJR kid)."""

    name: str
    page: int
    dictionary: PDFDictionary
    link: Node


class Tags:
    """The structure tree being built while a document is drawn."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.stack: list[Node] = [self.root]
        self.heading = 0  # the level of the last heading opened
        self.owners: dict[int, list[Node]] = {}  # page number -> the element of each MCID
        self.annots: list[_Annot] = []

    @property
    def current(self) -> Node:
        return self.stack[-1]

    def open(self, role: str, **kw: Any) -> Node | None:
        """Open an element under the current one; None when the current one is a leaf (a
        heading, a link): what is drawn then simply adds to it."""
        here = self.current
        if here.role not in BLOCKS or (role == "P" and here.role in {"TD", "TH", "LBody"}):
            return None  # a cell's or a list item's paragraph is simply its content
        if role in HEADINGS:  # headings never skip a level (H1 then H3)
            level = min(HEADINGS[role], self.heading + 1)
            self.heading = level
            role = f"H{level}"
        if here.role in CHILDREN and role not in CHILDREN[here.role]:
            here = self._leaf_home(here)
        node = here.add(role, **kw)
        self.stack.append(node)
        return node

    def _leaf_home(self, here: Node) -> Node:
        # Content under a list, a table or the contents still needs a proper parent.
        if here.role == "L":
            return here.add("LI").add("LBody")
        if here.role == "LI":
            return here.add("LBody")
        if here.role == "TR":
            return here.add("TD")
        if here.role == "Table":
            return here.add("TR").add("TD")
        if here.role == "TOC":
            return here.add("TOCI")
        return here

    def reopen(self, node: Node) -> None:
        self.stack.append(node)

    def close(self, node: Node | None) -> None:
        if node is not None and node in self.stack:
            while self.stack[-1] is not node:
                self.stack.pop()
            self.stack.pop()

    def list_item(self) -> tuple[Node, Node, Node] | None:
        """A new item (LI with its Lbl and LBody) in the list just drawn, or a new list."""
        here = self.current
        if here.role not in BLOCKS:
            return None
        last = here.kids[-1] if here.kids else None
        lst = last if isinstance(last, Node) and last.role == "L" else None
        if lst is None:
            lst = here.add("L", attrs={"ListNumbering": PDFName("Disc")})
        item = lst.add("LI")
        return item, item.add("Lbl"), item.add("LBody")

    def mcid(self, page: int, node: Node) -> int:
        owners = self.owners.setdefault(page, [])
        owners.append(node)
        node.kids.append((page, len(owners) - 1))
        return len(owners) - 1


def tags_of(canv: Any) -> Tags | None:
    return getattr(canv, "tags", None)


# Paragraph styles that are headings (the house styles and the briefing's).
STYLE_ROLES = {
    "title": "H1",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "b_title": "H1",
    "b_section": "H2",
    "b_theme": "H3",
}


def paragraph_role(paragraph: Any) -> str:
    """What a paragraph is: its own ``tag_role``, a heading by its style, a list item when it
    has a bullet, otherwise a paragraph."""
    role = getattr(paragraph, "tag_role", None)
    if role:
        return role
    name = getattr(paragraph.style, "name", "").removesuffix("-rtl")
    if name in STYLE_ROLES:
        return STYLE_ROLES[name]
    if getattr(paragraph, "bulletText", None) or getattr(paragraph.style, "bulletText", None):
        return "LI"
    return "P"


@contextmanager
def element(
    canv: Any, role: str | None, *, holder: list | None = None, **kw: Any
) -> Iterator[Node | None]:
    """Draw inside a structure element (or, with ``role`` None, as before).

    ``holder`` is shared by the parts of one flowable split across pages or columns: the first
    part makes the element, the later parts add to it.
    """
    tags = tags_of(canv)
    if tags is None or role is None or canv.raw:
        yield None  # not tagging, or inside an artifact or a figure: nothing is its own element
        return
    node: Node | None
    if holder:
        node = holder[0]
        tags.reopen(node)
    elif role == "LI":
        made = tags.list_item()
        if made is None:
            yield None
            return
        _item, label, node = made
        tags.reopen(node)
        canv.label_next = label  # the bullet is the first text the paragraph draws
        if holder is not None:
            holder.append(node)
    else:
        node = tags.open(role, **kw)
        if holder is not None and node is not None:
            holder.append(node)
    try:
        yield node
    finally:
        canv.label_next = None
        tags.close(node)


@contextmanager
def figure(canv: Any, alt: str, bbox: tuple[float, float, float, float]) -> Iterator[None]:
    """Draw a picture as one Figure with its alternative text."""
    if not isinstance(canv, TaggingCanvas):
        yield
        return
    node = canv.tags.open(
        "Figure",
        alt=alt,
        attrs={"O": PDFName("Layout"), "BBox": PDFArray([round(v, 2) for v in bbox])},
    )
    if node is None:
        yield
        return
    canv.begin_marked(node)
    try:
        yield
    finally:
        canv.end_marked()
        canv.tags.close(node)


@contextmanager
def artifact(canv: Any, kind: str = "Pagination", subtype: str = "") -> Iterator[None]:
    """Draw page furniture (running heads, page numbers, a watermark) as an artifact."""
    if not isinstance(canv, TaggingCanvas):
        yield
        return
    props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
    canv.begin_marked(None, f"/Artifact <<{props}>> BDC")
    try:
        yield
    finally:
        canv.end_marked()


class TaggedText(PDFTextObject):
    """A text object that sets an embedded face wherever a base-14 font is asked for."""

    def _setFont(self, psfontname: str, size: float) -> None:
        super()._setFont(self._canvas._font_name(psfontname), size)

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        super().setFont(self._canvas._font_name(psfontname), size, leading)


class TaggingCanvas(Canvas):
    """A canvas that tags what it draws (see the module's docstring)."""

    _artifact_at: int | None  # where the open artifact's content starts (None: none open)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from reviewdesk.exports.fonts import fonts

        face = fonts()
        self._faces = {"": face.regular, "Bold": face.bold, "Oblique": face.italic}
        kwargs["lang"] = kwargs.get("lang") or LANG
        # The first font every page sets: an embedded face, not ReportLab's Helvetica.
        kwargs["initialFontName"] = face.regular
        kwargs["pdfVersion"] = (1, 7)
        self.tags = Tags()
        self.label_next: Node | None = None
        self._raw = 0  # inside a figure or an artifact: text is not tagged on its own
        super().__init__(*args, **kwargs)
        self._open_artifact()

    @property
    def raw(self) -> bool:
        """Drawing inside an artifact or a figure (whose content is one marked sequence)."""
        return self._raw > 0

    # --- fonts ----------------------------------------------------------------------------

    def _font_name(self, name: str) -> str:
        """An embedded face for any base-14 font asked for (a table's or a bullet's default)."""
        if not _BASE14.match(name):
            return name
        bold = "Bold" in name
        italic = "Oblique" in name or "Italic" in name
        key = "Bold" if bold else "Oblique" if italic else ""
        return self._faces[key]

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        super().setFont(self._font_name(psfontname), size, leading)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
        return TaggedText(self, x, y, direction=direction)

    # --- marked content -------------------------------------------------------------------

    def _open_artifact(self) -> None:
        self._code.append("/Artifact BMC")
        self._artifact_at = len(self._code)

    def _close_artifact(self) -> None:
        if self._artifact_at is None:
            return
        if len(self._code) == self._artifact_at:  # nothing drawn in it: drop the opener
            del self._code[-1]
        else:
            self._code.append("EMC")
        self._artifact_at = None

    def begin_marked(self, node: Node | None, opener: str = "") -> None:
        """Start a marked-content sequence owned by ``node`` (or an artifact's ``opener``)."""
        if self._raw == 0:
            self._close_artifact()
            if node is not None:
                mcid = self.tags.mcid(self._pageNumber, node)
                opener = f"/{node.role} <</MCID {mcid}>> BDC"
            self._code.append(opener)
        self._raw += 1

    def end_marked(self) -> None:
        self._raw -= 1
        if self._raw == 0:
            self._code.append("EMC")
            self._open_artifact()

    def drawText(self, aTextObject: Any) -> None:
        if self._raw:
            return super().drawText(aTextObject)
        node = self._text_owner()
        self.begin_marked(node)
        try:
            super().drawText(aTextObject)
        finally:
            self.end_marked()
        return None

    def _text_owner(self) -> Node:
        if self.label_next is not None:
            label, self.label_next = self.label_next, None
            return label
        here = self.tags.current
        if here.role in GROUPS:
            node = self.tags.open("P")
            assert node is not None
            self.tags.close(node)
            return node
        return here

    # --- pages and annotations ------------------------------------------------------------

    def _startPage(self) -> None:
        super()._startPage()
        self._open_artifact()

    def showPage(self) -> None:
        self._close_artifact_for_page()
        super().showPage()

    def _close_artifact_for_page(self) -> None:
        if self._artifact_at is not None and len(self._code) == self._artifact_at:
            del self._code[-1]
        elif self._artifact_at is not None:
            self._code.append("EMC")
        self._artifact_at = None

    def _setAnnotations(self, page: Any) -> None:
        super()._setAnnotations(page)
        page.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = self._pageNumber - 1
        page.Tabs = PDFName("S")

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        if isinstance(annotation, pdfdoc.Annotation):
            annotation = annotation.Dict()
        if isinstance(annotation, PDFDictionary):
            name = name or f"NUMBER{self._annotationCount + 1}"
            annotation["F"] = 4  # printed, as it is shown
            contents = annotation.dict.get("Contents")
            if contents is None or not str(getattr(contents, "s", contents)).strip():
                action = annotation.dict.get("A")
                uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
                where = str(getattr(uri, "s", "")) if uri is not None else ""
                annotation["Contents"] = PDFString(f"Link to {where}" if where else "Link")
            here = self.tags.current
            link = here if here.role == "Link" else here.add("Link")
            note = _Annot(name, self._pageNumber, annotation, link)
            self.tags.annots.append(note)
            link.kids.append(note)
        super()._addAnnotation(annotation, name, addtopage)

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self._artifact_at is not None and len(self._code) == self._artifact_at:
            del self._code[-1]  # no content on the page after the last: no blank page
            self._artifact_at = None
        if self._code:
            self.showPage()
        self._write_structure()
        super().save()

    def _write_structure(self) -> None:
        doc = self._doc
        cat = doc.Catalog
        pages = doc.pageCounter - 1
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root, "StructTreeRoot")
        # Elements with nothing in them are left out, but never a table's cells: its rows and
        # columns stay whole.
        nodes = [
            n
            for n in self.tags.root.walk()
            if n is self.tags.root or n.role in {"TR", "TH", "TD"} or n.has_content()
        ]
        for node in nodes:
            node.ref = doc.Reference(_Elem(node))
        # The ParentTree: each page's MCIDs to their elements, each annotation to its Link.
        nums: list[Any] = []
        for page in range(1, pages + 1):
            nums += [page - 1, _Refs([n.ref_name() for n in self.tags.owners.get(page, [])])]
        for i, note in enumerate(self.tags.annots):
            key = pages + i
            note.dictionary["StructParent"] = key
            nums += [key, note.link.ref]
        root["K"] = self.tags.root.ref
        root["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
        root["ParentTreeNextKey"] = pages + len(self.tags.annots)
        cat.StructTreeRoot = root_ref
        cat.MarkInfo = PDFDictionary({"Marked": "true"})
        self.setViewerPreference("DisplayDocTitle", "true")
        cat.Metadata = doc.Reference(_xmp(doc))
        _mend_fonts(doc)


class _Refs(pdfdoc.PDFObject):
    """An array of references to named objects, written directly (thousands per document)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def format(self, document: Any) -> bytes:
        ids = document.idToObjectNumberAndVersion
        return ("[" + " ".join("{} {} R".format(*ids[n]) for n in self.names) + "]").encode()


class _Elem(pdfdoc.PDFObject):
    """One structure element, written directly: a long report has tens of thousands, and
    ReportLab's general dictionaries would take seconds longer and twice the room."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def format(self, document: Any) -> bytes:
        node = self.node
        ids = document.idToObjectNumberAndVersion

        def ref(name: str) -> str:
            return "{} {} R".format(*ids[name])

        parent = node.parent.ref_name() if node.parent is not None else "StructTreeRoot"
        out = [f"<</S /{node.role} /P {ref(parent)}"]
        pages_used = {k[0] for k in node.kids if isinstance(k, tuple)}
        one_page = next(iter(pages_used)) if len(pages_used) == 1 else None
        if one_page is not None:
            out.append(f" /Pg {ref(f'Page{one_page}')}")
        kids = []
        for kid in node.kids:
            if isinstance(kid, Node):
                if kid.ref is not None:
                    kids.append(ref(kid.ref.name))
            elif isinstance(kid, tuple):
                page, mcid = kid
                if one_page is not None:
                    kids.append(str(mcid))
                else:
                    kids.append(f"<</Type /MCR /Pg {ref(f'Page{page}')} /MCID {mcid}>>")
            else:
                annot = document.annotationName(kid.name)
                kids.append(f"<</Type /OBJR /Pg {ref(f'Page{kid.page}')} /Obj {ref(annot)}>>")
        if len(kids) == 1:
            out.append(f" /K {kids[0]}")
        elif kids:
            out.append(" /K [" + " ".join(kids) + "]")
        data = "".join(out).encode("latin-1")
        if node.alt:
            data += b" /Alt " + pdfdoc.format(PDFString(node.alt), document)
        if node.attrs:
            attrs = dict(node.attrs)
            owner = attrs.pop("O", None)
            if owner is None:
                owner = PDFName("Table" if node.role in {"TH", "TD"} else "List")
            data += b" /A " + pdfdoc.format(PDFDictionary({"O": owner, **attrs}), document)
        return data + b">>"


def _xmp(doc: Any) -> PDFStream:
    """XMP metadata: the title, subject, keywords and tool, and the PDF/UA identifier."""
    info = doc.info
    stamp = doc._timeStamp.datetime.replace(microsecond=0).isoformat()
    title, subject, author, keywords, creator, producer = (
        escape(str(getattr(info, name, "") or ""))
        for name in ("title", "subject", "author", "keywords", "creator", "producer")
    )
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{subject}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{LANG}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return _PlainStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        packet.encode("utf-8"),
    )


class _PlainStream(PDFStream):
    """A stream left uncompressed, with no /Filter at all (XMP is meant to be readable)."""

    def format(self, document: Any) -> bytes:
        content = document.encrypt.encode(self.content)
        dictionary = PDFDictionary({**self.dictionary.dict, "Length": len(content)})
        return pdfdoc.format(dictionary, document) + b"\nstream\n" + content + b"\nendstream\n"


def _mend_fonts(doc: Any) -> None:
    """Write the fonts now and mend ReportLab's ToUnicode maps, which PDF/UA reads (7.21.7):
    the first subset of a TrueType font maps its unused codes 0-31 to U+0000, which is left out,
    and a character beyond U+FFFF (an emoji) is written as five hex digits, which no reader
    understands, instead of its UTF-16 surrogate pair."""
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.delayedFonts = []
    for name, obj in doc.idToObject.items():
        if name.startswith("toUnicodeCMap:") and isinstance(obj, PDFStream):
            obj.content = _mend_cmap(obj.content)


_BFCHAR = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]+)>")


def _mend_cmap(cmap: str) -> str:
    lines: list[str] = []
    inside = False  # between beginbfchar and endbfchar
    for line in cmap.split("\n"):
        found = _BFCHAR.fullmatch(line) if inside else None
        inside = (inside or line.endswith("beginbfchar")) and line != "endbfchar"
        if found is None:
            lines.append(line)
            continue
        value = int(found.group(2), 16)
        if value == 0:
            continue
        if value > 0xFFFF:
            value -= 0x10000
            pair = (0xD800 + (value >> 10), 0xDC00 + (value & 0x3FF))
            line = f"<{found.group(1)}> <{pair[0]:04X}{pair[1]:04X}>"
        lines.append(line)
    start = next(i for i, line in enumerate(lines) if line.endswith("beginbfchar"))
    count = lines.index("endbfchar") - start - 1
    return re.sub(r"\d+ beginbfchar", f"{count} beginbfchar", "\n".join(lines))

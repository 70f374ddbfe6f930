"""Every text and icon keeps WCAG AA contrast in each look (issue 15, point 9): 4.5:1 for text,
3:1 for icons and the borders that show where a control is (WCAG 2.2, 1.4.3 and 1.4.11).

The pairs are read from what the app really draws with: the palette each look sets (and, for
high contrast, two system palettes of the kind Windows ships), and every colour / background /
border in the style sheet, block by block. Disabled controls are exempt (as WCAG exempts them);
decorative lines in the ``border`` colour (card edges, separators) are not controls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette

from reviewdesk.gui.style import (
    DARK_COLOURS,
    HIGH_CONTRAST_COLOURS,
    LIGHT_COLOURS,
    PALETTE_ROLES,
    Colours,
    palette_for,
    stylesheet,
)

TEXT, GRAPHIC = 4.5, 3.0
Role = QPalette.ColorRole


def _system_palette(colours: dict[str, str], grey_text: str) -> QPalette:
    palette = QPalette()
    for role, value in colours.items():
        palette.setColor(getattr(Role, role), QColor(value))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(grey_text))
    if hasattr(Role, "Accent"):  # Qt: "unless explicitly set, it defaults to Highlight"
        palette.setColor(Role.Accent, QColor(colours["Highlight"]))
    return palette


# Windows' "High contrast black" and "High contrast white" themes (Night sky / Desert are alike).
HC_BLACK = _system_palette(
    {
        "Window": "#000000", "WindowText": "#FFFFFF", "Base": "#000000", "Text": "#FFFFFF",
        "AlternateBase": "#000000", "Button": "#000000", "ButtonText": "#FFFFFF",
        "Highlight": "#1AEBFF", "HighlightedText": "#000000", "Link": "#FFFF00",
        "ToolTipBase": "#000000", "ToolTipText": "#FFFFFF", "PlaceholderText": "#3FF23F",
    },
    "#3FF23F",
)  # fmt: skip
HC_WHITE = _system_palette(
    {
        "Window": "#FFFFFF", "WindowText": "#000000", "Base": "#FFFFFF", "Text": "#000000",
        "AlternateBase": "#FFFFFF", "Button": "#FFFFFF", "ButtonText": "#000000",
        "Highlight": "#37006E", "HighlightedText": "#FFFFFF", "Link": "#00009F",
        "ToolTipBase": "#FFFFFF", "ToolTipText": "#000000", "PlaceholderText": "#600000",
    },
    "#600000",
)  # fmt: skip

LOOKS: dict[str, tuple[Colours, QPalette]] = {
    "light": (LIGHT_COLOURS, palette_for(LIGHT_COLOURS)),
    "dark": (DARK_COLOURS, palette_for(DARK_COLOURS)),
    "high contrast (black)": (HIGH_CONTRAST_COLOURS, HC_BLACK),
    "high contrast (white)": (HIGH_CONTRAST_COLOURS, HC_WHITE),
}


# --- WCAG arithmetic ----------------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def ratio(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_arithmetic_matches_wcag() -> None:
    assert ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert ratio(QColor("#767676"), QColor("#FFFFFF")) == pytest.approx(4.54, abs=0.01)


# --- reading the style sheet --------------------------------------------------------------------

_COLOUR = re.compile(r"(#[0-9A-Fa-f]{6}|palette\([a-z-]+\)|transparent)")
# Blocks with no text and no control outline: a bar, a handle, a separator line.
NO_TEXT = {"QProgressBar", "QProgressBar::chunk", "QSplitter::handle", "QMenu::separator"}


def resolve(value: str, palette: QPalette) -> QColor | None:
    if value == "transparent":
        return None
    if value.startswith("palette("):
        return palette.color(PALETTE_ROLES[value[len("palette(") : -1]])
    return QColor(value)


def blocks(sheet: str) -> Iterator[tuple[list[str], dict[str, str]]]:
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                key, _, value = part.partition(":")
                declarations[key.strip()] = " ".join(value.split())
        yield [s.strip() for s in selectors.split(",")], declarations


def _colour_in(value: str) -> str | None:
    found = _COLOUR.findall(value)
    return found[-1] if found else None


def sheet_pairs(c: Colours) -> Iterator[tuple[str, str, str, float]]:
    """(where, foreground, background, needed) for every pair the style sheet draws."""
    parsed = list(blocks(stylesheet(c, "arrow.svg", tick="tick.svg", dot="dot.svg")))
    own_bg, own_fg = {}, {}
    for selectors, decl in parsed:
        bg = _colour_in(decl.get("background", ""))
        fg = _colour_in(decl.get("color", ""))
        for s in selectors:
            if bg and bg != "transparent":
                own_bg[s] = bg
            if fg:
                own_fg[s] = fg

    def inherited_text(selector: str) -> str:
        """The text colour a block without one draws with: its plain state's ("X:hover" is
        drawn in X's colour), else the window's text colour."""
        return own_fg.get(re.sub(r":[a-z-]+", "", selector).strip(), c.text)

    def behind(selector: str) -> list[str]:
        """What is behind a block with no background of its own: its container's background
        ("QFrame#banner QLabel" is on the banner), else a window or a card."""
        container = selector.rsplit(" ", 1)[0] if " " in selector else ""
        if container in own_bg:
            return [own_bg[container]]
        return [c.window, c.surface]

    for selectors, decl in parsed:
        for selector in selectors:
            if ":disabled" in selector or selector in NO_TEXT:
                continue
            bg = _colour_in(decl.get("background", ""))
            grounds = [bg] if bg and bg != "transparent" else behind(selector)
            fg = _colour_in(decl.get("color", ""))
            if fg:
                for ground in grounds:
                    yield selector, fg, ground, TEXT
            elif bg and bg != "transparent" and "::indicator" not in selector:
                for ground in grounds:  # text colour inherited
                    yield selector + " (its text)", inherited_text(selector), ground, TEXT
            if "selection-color" in decl:
                sel_fg = _colour_in(decl["selection-color"])
                sel_bg = _colour_in(decl.get("selection-background-color", ""))
                if sel_fg and sel_bg:
                    yield selector + " (selected text)", sel_fg, sel_bg, TEXT
            for key in ("border", "border-color", "border-left", "border-top", "border-bottom"):
                line = _colour_in(decl.get(key, ""))
                if not line or line == "transparent" or line == c.border:
                    continue  # decorative: card edges and separators, not a control's outline
                # A control's outline must stand out from what is around it (not from its own
                # fill: a filled button's edge is its fill).
                for ground in behind(re.sub(r":[a-z-]+", "", selector)):
                    yield f"{selector} ({key})", line, ground, GRAPHIC


def palette_pairs(palette: QPalette, c: Colours) -> Iterator[tuple[str, QColor, QColor, float]]:
    """Pairs drawn from palette roles: Qt's own drawing, our icons (icons.py: ButtonText, or
    HighlightedText when selected, on Base), the navigator and the bar chart."""
    col = palette.color
    disabled_text = palette.color(QPalette.ColorGroup.Disabled, Role.Text)
    soft = resolve(c.accent_soft, palette)
    for name, fg, bg in (
        ("window text", Role.WindowText, Role.Window),
        ("window text on a card", Role.WindowText, Role.Base),
        ("text", Role.Text, Role.Base),
        ("text in alternate rows", Role.Text, Role.AlternateBase),
        ("text on the window", Role.Text, Role.Window),
        ("button text", Role.ButtonText, Role.Button),
        ("selected text", Role.HighlightedText, Role.Highlight),
        ("tooltip", Role.ToolTipText, Role.ToolTipBase),
        ("placeholder", Role.PlaceholderText, Role.Base),
        ("link", Role.Link, Role.Base),
        ("link on the window", Role.Link, Role.Window),
    ):
        yield name, col(fg), col(bg), TEXT
    # The navigator's second line is drawn in the disabled text colour (it is not disabled).
    yield "navigator subtitle", disabled_text, col(Role.Window), TEXT
    yield "navigator subtitle, selected", disabled_text, soft, TEXT
    yield "navigator title, selected", col(Role.Text), soft, TEXT
    for name, fg, bg in (
        ("icon", Role.ButtonText, Role.Base),
        ("icon on the window", Role.ButtonText, Role.Window),
        ("icon on a button", Role.ButtonText, Role.Button),
        ("icon, selected", Role.HighlightedText, Role.Highlight),
        ("bar chart bar", Role.Link, Role.Base),
        ("bar chart bar on the window", Role.Link, Role.Window),
    ):
        yield name, col(fg), col(bg), GRAPHIC
    accent = getattr(Role, "Accent", Role.Link)
    yield "navigator selection bar", col(accent), soft, GRAPHIC


@pytest.mark.parametrize("look", list(LOOKS))
def test_every_text_and_icon_meets_wcag_aa(look: str) -> None:
    colours, palette = LOOKS[look]
    failures = []
    checked = 0
    for where, fg, bg, needed in sheet_pairs(colours):
        a, b = resolve(fg, palette), resolve(bg, palette)
        if a is None or b is None:
            continue
        checked += 1
        if ratio(a, b) < needed:
            failures.append(f"{where}: {a.name()} on {b.name()} is {ratio(a, b):.2f}:1")
    for where, a, b, needed in palette_pairs(palette, colours):
        checked += 1
        if ratio(a, b) < needed:
            failures.append(f"{where}: {a.name()} on {b.name()} is {ratio(a, b):.2f}:1")
    assert checked > 80, checked  # the sheet was really read
    assert not failures, f"{look}, below {TEXT}:1 (text) or {GRAPHIC}:1 (graphics):\n" + "\n".join(
        dict.fromkeys(failures)
    )


def test_checkboxes_and_radio_buttons_are_drawn_with_an_outline_that_shows() -> None:
    # Fusion draws them with the window colour darkened by 40%: 1.1:1 in the dark look.
    sheet = stylesheet(DARK_COLOURS, tick="t.svg", dot="d.svg")
    assert "QCheckBox::indicator" in sheet and "QRadioButton::indicator:checked" in sheet
    assert 'image: url("t.svg")' in sheet and 'image: url("d.svg")' in sheet


@pytest.mark.parametrize("look", list(LOOKS))
def test_the_timeline_s_own_colours_meet_wcag_aa_on_each_look(look: str) -> None:
    from reviewdesk.gui.pages.analysis.timeline import marks

    _colours, palette = LOOKS[look]
    base = palette.color(Role.Base)
    m = marks(base)
    assert ratio(m["accent"], base) >= TEXT  # the key practice episode labels
    for name in ("accent", "positive", "muted", "focus"):  # markers, spans, the focus ring
        assert ratio(m[name], base) >= GRAPHIC, (name, m[name].name(), base.name())

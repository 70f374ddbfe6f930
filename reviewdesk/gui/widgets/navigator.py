"""The theme navigator: Overview, each theme with its progress and state, Summary."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
PAD = 10


def _status_colour(palette: QPalette) -> QColor:
    """The muted colour of an entry's status line: in high contrast the text colour, as every
    muted text is there (style.py); the system's colour for disabled controls can be pale grey
    on white, and says "disabled" to someone who relies on it."""
    from reviewdesk.gui.style import HIGH_CONTRAST, applied_mode

    if applied_mode(QApplication.instance()) == HIGH_CONTRAST:
        return palette.color(QPalette.ColorRole.Text)
    return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def _title_font(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    return bold


class _Delegate(QStyledItemDelegate):
    """Two lines per entry: the title (wrapping if it must) and a muted status line."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def _layout(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[QRect, QRect, QRect, int]:
        fm = option.fontMetrics
        icon_side = fm.height() + 4
        width = max(80, self._view.viewport().width() - 2 * PAD - icon_side - 14 - 14)
        title_rect = QFontMetrics(_title_font(option.font)).boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, index.data() or ""
        )
        sub_rect = fm.boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, index.data(SUBTITLE_ROLE) or ""
        )
        return title_rect, sub_rect, QRect(0, 0, icon_side, icon_side), width

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title, sub, _, width = self._layout(option, index)
        return QSize(width, title.height() + sub.height() + 2 * PAD + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = self._view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, self._view)
        title, sub, icon_rect, width = self._layout(option, index)
        r = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.save()
        if selected:  # a bar on the left as well as the tint: not colour alone
            accent = getattr(QPalette.ColorRole, "Accent", QPalette.ColorRole.Link)
            painter.fillRect(
                QRect(r.left() + 1, r.top() + 6, 4, r.height() - 12), palette.color(accent)
            )
        icon_rect.moveTo(r.left() + PAD + 4, r.top() + PAD + 1)
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(decoration, QIcon):
            decoration.paint(painter, icon_rect)
        left = icon_rect.right() + 14
        painter.setFont(_title_font(option.font))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title_box = QRect(left, r.top() + PAD, width, title.height())
        painter.drawText(title_box, int(Qt.TextFlag.TextWordWrap), index.data() or "")
        painter.setFont(option.font)
        painter.setPen(_status_colour(palette))
        sub_box = QRect(left, title_box.bottom() + 2, width, sub.height())
        painter.drawText(sub_box, int(Qt.TextFlag.TextWordWrap), index.data(SUBTITLE_ROLE) or "")
        painter.restore()


class Navigator(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setItemDelegate(_Delegate(self))
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(1)
        self.setAccessibleName(self.tr("Parts of this review"))

    def add_entry(self, title: str, subtitle: str, icon: QIcon) -> QListWidgetItem:
        item = QListWidgetItem(icon, title, self)
        self.set_subtitle(item, subtitle, icon)
        return item

    def set_subtitle(self, item: QListWidgetItem, subtitle: str, icon: QIcon | None = None) -> None:
        item.setData(SUBTITLE_ROLE, subtitle)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.text()}: {subtitle}")
        item.setToolTip(f"{item.text()}\n{subtitle}")
        if icon is not None:
            item.setIcon(icon)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # a new text size: titles need the room
            self.setMinimumWidth(self.least_width())

    def least_width(self) -> int:
        """Room for the longest word of a theme's title beside its icon (titles wrap): about 18
        characters. At a large text size on a small screen every column counts, and the page
        being written in needs the room most."""
        return self.fontMetrics().averageCharWidth() * 18

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # titles re-wrap to the new width

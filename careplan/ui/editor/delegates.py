"""A list row of two parts: a title, and a smaller line under it (kind, audiences, a description).

Both wrap onto as many lines as the row's width needs, and the row is as high as the wrapped text:
a title cut with "…" at the narrow width the editor gives the list at 1366x768 could not be read
("A positioning plan for the whole day and night" lost its last words).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from careplan.ui.editor.models import ROLE_CAUTIONS, ROLE_SUBTITLE

_PAD = 6
_ICON = 22
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)


class TwoLineDelegate(QStyledItemDelegate):
    """Title (bold) over a grey line from ``ROLE_SUBTITLE``, both wrapped; a warning icon on the right when
    cautioned.  Views using it must not set uniform item sizes: each row is as high as its own text."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        return title, small

    @staticmethod
    def _row_width(option: QStyleOptionViewItem) -> int:
        """The width the row is drawn at: the view's viewport (a list row spans it), else the option's rect."""
        view = option.widget
        if isinstance(view, QAbstractItemView) and view.viewport().width() > 0:
            return view.viewport().width()
        return option.rect.width() if option.rect.width() > 0 else 200

    @staticmethod
    def _text_width(row_width: int, index: QModelIndex | QPersistentModelIndex) -> int:
        """What is left for the text of a row ``row_width`` wide, beside the caution icon if it has one."""
        width = row_width - 2 * _PAD
        if index.data(ROLE_CAUTIONS):
            width -= _ICON + _PAD
        return max(width, 40)

    def text_rects(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, row_width: int
    ) -> tuple[QRect, QRect]:
        """The wrapped title's and subtitle's bounding rectangles, relative to the row's text area (tests read them)."""
        title_font, small_font = self._fonts(option)
        width = self._text_width(row_width, index)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        title_rect = QFontMetrics(title_font).boundingRect(QRect(0, 0, width, 100000), _WRAP, title)
        title_rect.setHeight(max(title_rect.height(), QFontMetrics(title_font).lineSpacing()))
        subtitle = str(index.data(ROLE_SUBTITLE) or "")
        top = title_rect.bottom() + 1
        if subtitle:
            sub_rect = QFontMetrics(small_font).boundingRect(QRect(0, top, width, 100000), _WRAP, subtitle)
        else:
            sub_rect = QRect(0, top, width, QFontMetrics(small_font).lineSpacing())  # rows stay even
        return title_rect, sub_rect

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        row_width = self._row_width(option)
        _title, sub = self.text_rects(option, index, row_width)
        # Not wider than the row: the text wraps, so the list never needs to scroll sideways.
        return QSize(min(200, row_width), max(sub.bottom() + 1, _ICON) + 2 * _PAD)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # Background and selection only: the text is drawn below.
        opt.text = ""
        opt.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        row = QRect(option.rect)
        rect = row.adjusted(_PAD, _PAD, -_PAD, -_PAD)

        if index.data(ROLE_CAUTIONS):
            size = min(rect.height(), _ICON)
            icon_rect = QRect(rect.right() - size + 1, rect.top() + (rect.height() - size) // 2, size, size)
            icon = QIcon.fromTheme(QIcon.ThemeIcon.DialogWarning)
            if icon.isNull():
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            icon.paint(painter, icon_rect)

        title_font, small_font = self._fonts(option)
        title_rect, sub_rect = self.text_rects(option, index, row.width())
        painter.save()
        palette = option.palette
        painter.setPen(palette.color(group, text_role))
        painter.setFont(title_font)
        width = self._text_width(row.width(), index)
        painter.drawText(
            QRect(rect.left(), rect.top(), width, title_rect.height()),
            _WRAP,
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        subtitle = str(index.data(ROLE_SUBTITLE) or "")
        if subtitle:
            painter.setFont(small_font)
            if not selected:
                painter.setPen(palette.color(group, QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRect(rect.left(), rect.top() + sub_rect.top(), width, sub_rect.height()), _WRAP, subtitle)
        painter.restore()

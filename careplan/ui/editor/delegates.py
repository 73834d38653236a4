"""A list row of two lines: a title, and a smaller line under it (kind, audiences, a description)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from careplan.ui.editor.models import ROLE_CAUTIONS, ROLE_SUBTITLE

_PAD = 6


class TwoLineDelegate(QStyledItemDelegate):
    """Title (bold) over a grey second line from ``ROLE_SUBTITLE``; a warning icon when cautioned."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title, small = self._fonts(option)
        height = QFontMetrics(title).lineSpacing() + QFontMetrics(small).lineSpacing() + 2 * _PAD
        return QSize(200, height)

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

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)

        cautions = index.data(ROLE_CAUTIONS) or ()
        if cautions:
            size = min(rect.height(), 22)
            icon_rect = QRect(rect.right() - size, rect.top() + (rect.height() - size) // 2, size, size)
            icon = QIcon.fromTheme(QIcon.ThemeIcon.DialogWarning)
            if icon.isNull():
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            icon.paint(painter, icon_rect)
            rect.setRight(icon_rect.left() - _PAD)

        title_font, small_font = self._fonts(option)
        title_height = QFontMetrics(title_font).lineSpacing()
        painter.save()
        painter.setPen(option.palette.color(group, text_role))
        painter.setFont(title_font)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), title_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(title_font).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        subtitle = str(index.data(ROLE_SUBTITLE) or "")
        if subtitle:
            painter.setFont(small_font)
            if not selected:
                painter.setPen(option.palette.color(group, QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRect(rect.left(), rect.top() + title_height, rect.width(), rect.height() - title_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                QFontMetrics(small_font).elidedText(subtitle, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.restore()

"""The shared shape of cdnmon's read-only tables: fixed columns, each with a tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """Rows in ``self.rows``; subclasses name ``columns`` and ``tooltips`` and give ``data``.

    Titles and tooltips are English source texts (marked with ``QT_TRANSLATE_NOOP`` in
    ``context``), shown translated.
    """

    context = ""
    columns: tuple[str, ...] = ()
    tooltips: tuple[str, ...] = ()
    # Columns from this one on hold figures: right-aligned, header too.
    first_figure_column = 2

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.translate(self.columns[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(section)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(section)
        return None

    def header_tooltip(self, section: int) -> str:
        return self.translate(self.tooltips[section])

    def translate(self, source: str) -> str:
        return QCoreApplication.translate(self.context, source)

    def alignment(self, column: int) -> int:
        side = (
            Qt.AlignmentFlag.AlignRight
            if column >= self.first_figure_column
            else Qt.AlignmentFlag.AlignLeft
        )
        return int(side | Qt.AlignmentFlag.AlignVCenter)

"""The charts' own menus and Export dialog, which pyqtgraph builds, in our translation file.

pyqtgraph asks ``QCoreApplication.translate`` for these with its own contexts; listing them
here puts them in ``cdnmon_<language>.ts``, so the translator :mod:`cdnmon.gui.i18n`
installs answers for them too. Nothing imports this module: pyside6-lupdate reads it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CHART_MENU = (
    # Right-click on a chart.
    QT_TRANSLATE_NOOP("ViewBox", "ViewBox options"),
    QT_TRANSLATE_NOOP("ViewBox", "View All"),
    QT_TRANSLATE_NOOP("ViewBox", "axis"),
    QT_TRANSLATE_NOOP("ViewBox", "Mouse Mode"),
    QT_TRANSLATE_NOOP("ViewBox", "3 button"),
    QT_TRANSLATE_NOOP("ViewBox", "1 button"),
    QT_TRANSLATE_NOOP("GraphicsScene", "Export..."),
    # The X axis / Y axis submenus.
    QT_TRANSLATE_NOOP("Form", "Link Axis:"),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>Links this axis with another view. When linked, both views "
        "will display the same data range.</p></body></html>",
    ),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>Percent of data to be visible when auto-scaling. It may be "
        "useful to decrease this value for data with spiky noise.</p></body></html>",
    ),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>Automatically resize this axis whenever the displayed data is "
        "changed.</p></body></html>",
    ),
    QT_TRANSLATE_NOOP("Form", "Auto"),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>Set the range for this axis manually. This disables automatic "
        "scaling. </p></body></html>",
    ),
    QT_TRANSLATE_NOOP("Form", "Manual"),
    QT_TRANSLATE_NOOP(
        "Form", "<html><head/><body><p>Minimum value to display for this axis.</p></body></html>"
    ),
    QT_TRANSLATE_NOOP(
        "Form", "<html><head/><body><p>Maximum value to display for this axis.</p></body></html>"
    ),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>Inverts the display of this axis. (+y points downward instead "
        "of upward)</p></body></html>",
    ),
    QT_TRANSLATE_NOOP("Form", "Invert Axis"),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>Enables mouse interaction (panning, scaling) for this "
        "axis.</p></body></html>",
    ),
    QT_TRANSLATE_NOOP("Form", "Mouse Enabled"),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>When checked, the axis will only auto-scale to data that is "
        "visible along the orthogonal axis.</p></body></html>",
    ),
    QT_TRANSLATE_NOOP("Form", "Visible Data Only"),
    QT_TRANSLATE_NOOP(
        "Form",
        "<html><head/><body><p>When checked, the axis will automatically pan to center on "
        "the current data, but the scale along this axis will not change.</p></body></html>",
    ),
    QT_TRANSLATE_NOOP("Form", "Auto Pan Only"),
)

EXPORT_DIALOG = (
    QT_TRANSLATE_NOOP("Form", "Export"),
    QT_TRANSLATE_NOOP("Form", "Item to export:"),
    QT_TRANSLATE_NOOP("Form", "Export format"),
    QT_TRANSLATE_NOOP("Form", "Close"),
    QT_TRANSLATE_NOOP("Form", "Export options"),
    QT_TRANSLATE_NOOP("Form", "Copy"),
    QT_TRANSLATE_NOOP("Exporter", "Image File (PNG, TIF, JPG, ...)"),
    QT_TRANSLATE_NOOP("Exporter", "Scalable Vector Graphics (SVG)"),
    QT_TRANSLATE_NOOP("Exporter", "Scalable Vector Graphics"),
    QT_TRANSLATE_NOOP("Exporter", "CSV of original plot data"),
    QT_TRANSLATE_NOOP("Exporter", "HDF5 Export: plot (x,y)"),
    QT_TRANSLATE_NOOP("Exporter", "Matplotlib Window"),
    QT_TRANSLATE_NOOP("Exporter", "Printer"),
    QT_TRANSLATE_NOOP("Exporter", "Print Document"),
    QT_TRANSLATE_NOOP("Exporter", "width"),
    QT_TRANSLATE_NOOP("Exporter", "height"),
    QT_TRANSLATE_NOOP("Exporter", "antialias"),
    QT_TRANSLATE_NOOP("Exporter", "background"),
    QT_TRANSLATE_NOOP("Exporter", "invertValue"),
    QT_TRANSLATE_NOOP("Exporter", "scaling stroke"),
    QT_TRANSLATE_NOOP("Exporter", "separator"),
    QT_TRANSLATE_NOOP("Exporter", "precision"),
    QT_TRANSLATE_NOOP("Exporter", "columnMode"),
    QT_TRANSLATE_NOOP("Exporter", "Name"),
)

"""Light and dark themes: one Qt palette for the widgets and matching chart colours."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

# Tableau-10 order with red moved last (red means threshold/error here). Every colour is
# mid-luminance, so a 1 px line stays visible on white and on near-black.
SERIES_PALETTE: tuple[str, ...] = (
    "#4e79a7",  # blue
    "#f28e2b",  # orange
    "#59a14f",  # green
    "#b07aa1",  # purple
    "#17becf",  # cyan
    "#e377c2",  # pink
    "#9c755f",  # brown
    "#bcbd22",  # olive
    "#8c8c8c",  # grey
    "#e15759",  # red
)


@dataclass(frozen=True)
class Theme:
    name: str
    background: str  # chart and base background
    foreground: str  # text, axes
    muted: str  # secondary text (account names, hints)
    window: str  # widget window background
    grid_alpha: float
    provisional: str  # translucent shade over not-yet-final minutes, #RRGGBBAA
    threshold: str
    error: str
    palette: tuple[str, ...] = SERIES_PALETTE

    def series_colour(self, index: int) -> str:
        return self.palette[index % len(self.palette)]


LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#202124",
    muted="#6b6f76",
    window="#efefef",
    grid_alpha=0.12,
    provisional="#8c8c8c30",
    threshold="#c62828",
    error="#c62828",
)

DARK = Theme(
    name="dark",
    background="#1b1d21",
    foreground="#dcdfe4",
    muted="#9299a3",
    window="#26282c",
    grid_alpha=0.22,
    provisional="#c8c8c826",
    threshold="#ff6e6e",
    error="#ff7b72",
)

THEMES = {LIGHT.name: LIGHT, DARK.name: DARK}


def _dark_palette(theme: Theme) -> QPalette:
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    colours = {
        role.Window: theme.window,
        role.WindowText: theme.foreground,
        role.Base: theme.background,
        role.AlternateBase: "#2d3035",
        role.Text: theme.foreground,
        role.Button: "#303338",
        role.ButtonText: theme.foreground,
        role.BrightText: "#ffffff",
        role.ToolTipBase: "#33363b",
        role.ToolTipText: theme.foreground,
        role.PlaceholderText: theme.muted,
        role.Highlight: "#2f6fd0",
        role.HighlightedText: "#ffffff",
        role.Link: "#6ea8ff",
        role.LinkVisited: "#b48ead",
        role.Light: "#3c3f45",
        role.Midlight: "#34373c",
        role.Mid: "#2a2c30",
        role.Dark: "#16171a",
        role.Shadow: "#000000",
    }
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, QColor(colour))
    disabled = QColor("#6d727a")
    for colour_role in (role.WindowText, role.Text, role.ButtonText, role.HighlightedText):
        palette.setColor(group.Disabled, colour_role, disabled)
    palette.setColor(group.Disabled, role.Highlight, QColor("#3a3d42"))
    return palette


# Fusion outlines check boxes with a darkened window colour, which vanishes on a dark base.
DARK_INDICATORS = """
QAbstractItemView::indicator { width: 12px; height: 12px; border: 1px solid #8a9099;
    border-radius: 2px; background: #1b1d21; }
QAbstractItemView::indicator:checked { background: #2f6fd0; border-color: #6ea8ff; }
"""


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Fusion everywhere (the native styles ignore much of a custom palette), the theme's
    palette, and pyqtgraph defaults for charts created afterwards."""
    app.setStyle("Fusion")
    palette = _dark_palette(theme) if theme.name == "dark" else app.style().standardPalette()
    app.setPalette(palette)
    app.setStyleSheet(DARK_INDICATORS if theme.name == "dark" else "")
    QToolTip.setPalette(palette)
    pg.setConfigOptions(background=theme.background, foreground=theme.foreground, antialias=False)

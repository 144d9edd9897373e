"""The main window: pickers on the left, charts and per-domain figures on the right."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import reduce
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from cdnmon.gui.charts.panel import ChartPanel
from cdnmon.gui.charts.picture_file import save_picture
from cdnmon.gui.dialogs.time_range import TimeRangeDialog
from cdnmon.gui.i18n import arg
from cdnmon.gui.locale_format import age, clock_time, duration
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.theme import DARK, LIGHT, apply_theme
from cdnmon.gui.window.language_menu import LanguageButton
from cdnmon.gui.window.picker import DomainPicker
from cdnmon.gui.window.settings import REFRESH_CHOICES, THEMES, VIEWS, WindowSettings
from cdnmon.gui.window.summary import SummaryTable
from cdnmon.gui.window.welcome import WelcomePanel
from cdnmon.live.core import DEFAULT_SPAN, RANGE_PRESETS
from cdnmon.live.keys import SeriesKey, SourceKey
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, Series, TimeRange
from cdnmon.safe_files import write_atomic
from cdnmon.series_file import write

# pyside6-lupdate finds strings only in calls with a literal context.
translate = QCoreApplication.translate

VIEW_TITLES = {
    "multiples": QT_TRANSLATE_NOOP("MainWindow", "One chart per domain"),
    "overlay": QT_TRANSLATE_NOOP("MainWindow", "Overlaid"),
    "stacked": QT_TRANSLATE_NOOP("MainWindow", "Stacked total"),
}
CUSTOM_RANGE = -1  # the range box's data for "Custom…"
# The settings file keeps these English names; the box shows them translated.
COMPARISONS = {
    QT_TRANSLATE_NOOP("MainWindow", "Off"): (),
    QT_TRANSLATE_NOOP("MainWindow", "Yesterday"): (DAY,),
    QT_TRANSLATE_NOOP("MainWindow", "Last week"): (7 * DAY,),
    QT_TRANSLATE_NOOP("MainWindow", "Both"): (DAY, 7 * DAY),
}
MBPS = 1e6
ALERTS_WIDTH = 420  # the status bar's alert problem, elided: the rest is in its tooltip


def series_label(key: SeriesKey) -> str:
    return f"{key[2]} ({key[1]})"


def spacing_title(seconds: int) -> str:
    return duration(seconds // DAY, "d") if seconds >= DAY else refresh_title(seconds)


def refresh_title(seconds: int) -> str:
    if seconds == 0:
        return translate("MainWindow", "Off")
    if seconds >= 3600:
        return duration(seconds // 3600, "h")
    return duration(seconds, "s") if seconds < 60 else duration(seconds // 60, "min")


def round_length(seconds: float) -> str:
    """``1 min 24 s`` under ten minutes (a round's length matters to the second there),
    ``2 h 5 min`` beyond."""
    whole = round(seconds)
    if 60 <= whole < 600 and whole % 60:
        return f"{duration(whole // 60, 'min')} {duration(whole % 60, 's')}"
    return age(whole)


def range_title(seconds: int) -> str:
    """``15 min``, ``1 h``, ``24 h``, ``7 d``: a day reads better as 24 hours."""
    if seconds > DAY and seconds % DAY == 0:
        return duration(seconds // DAY, "d")
    if seconds % 3600 == 0:
        return duration(seconds // 3600, "h")
    return duration(seconds // 60, "min")


class ClickableLabel(QLabel):
    """A status-bar label that opens what it is about when clicked."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class MainWindow(QMainWindow):
    accounts_requested = Signal(str)  # provider to add ("" = just manage)
    alerts_requested = Signal()
    report_requested = Signal()
    demo_requested = Signal()
    wall_requested = Signal()
    save_layout_requested = Signal()
    about_requested = Signal()

    def __init__(
        self,
        monitor: Monitor,
        settings: WindowSettings,
        title_suffix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self.settings = settings
        self.remember = True  # off for scripted runs (--screenshot): leave the user's state
        self.setWindowTitle(f"cdnmon{title_suffix}")
        self.chart = ChartPanel()
        self.picker = DomainPicker()
        self.summary = SummaryTable()
        self.welcome = WelcomePanel()
        self.welcome.add_account.connect(self.accounts_requested)
        self.welcome.try_demo.connect(self.demo_requested)

        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.chart)
        charts.addWidget(self.summary)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.picker)
        body.addWidget(charts)
        body.setStretchFactor(1, 1)
        body.setSizes([280, 1000])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(body)
        self.setCentralWidget(self.pages)

        self._build_toolbar()
        self._build_status_bar()
        self._connect_monitor()
        self.picker.selection_changed.connect(self._selection_changed)
        self._restore()

    # ---- construction ---------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main toolbar"))
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)

        self.range_box = QComboBox()
        for seconds in RANGE_PRESETS.values():
            self.range_box.addItem(range_title(seconds), seconds)
        self.range_box.addItem(self.tr("Custom…"), CUSTOM_RANGE)
        self.range_box.setToolTip(self.tr("Time range shown (Custom… picks start and end)"))
        self.range_box.activated.connect(self._range_chosen)
        self.refresh_box = QComboBox()
        for seconds in REFRESH_CHOICES:
            self.refresh_box.addItem(refresh_title(seconds), seconds)
        self.refresh_box.setToolTip(self.tr("Fetch new data automatically this often"))
        self.refresh_box.currentIndexChanged.connect(self._refresh_chosen)
        self.view_box = QComboBox()
        for view in VIEWS:
            self.view_box.addItem(self.tr(VIEW_TITLES[view]), view)
        self.view_box.setToolTip(self.tr("One chart per domain, all overlaid, or a stacked total"))
        self.view_box.currentIndexChanged.connect(self._view_chosen)
        self.compare_box = QComboBox()
        for title, offsets in COMPARISONS.items():
            self.compare_box.addItem(self.tr(title), offsets)
        self.compare_box.setToolTip(
            self.tr("Draw the same window a day and/or a week earlier, dashed, from the history")
        )
        self.compare_box.currentIndexChanged.connect(self._compare_chosen)
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setRange(0, 1e7)
        self.threshold_box.setDecimals(0)
        self.threshold_box.setSingleStep(100)
        self.threshold_box.setSuffix(" Mbps")
        self.threshold_box.setSpecialValueText(self.tr("off"))
        self.threshold_box.setMaximumWidth(120)
        self.threshold_box.setToolTip(self.tr("Draw a threshold line at this bandwidth (0 = off)"))
        self.threshold_box.valueChanged.connect(self._threshold_chosen)

        for index, (label, widget) in enumerate(
            (
                (self.tr("Range"), self.range_box),
                (self.tr("Auto-refresh"), self.refresh_box),
                (self.tr("View"), self.view_box),
                (self.tr("Compare"), self.compare_box),
                (self.tr("Threshold"), self.threshold_box),
            )
        ):
            caption = QLabel(label)
            caption.setContentsMargins(6 if index else 2, 0, 4, 0)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addSeparator()
        self.refresh_action = self._action(
            bar, self.tr("Refresh"), "F5", self.tr("Fetch new data now (F5)")
        )
        self.refresh_action.triggered.connect(self.monitor.refresh)
        self.theme_action = self._action(
            bar, self.tr("Dark"), "Ctrl+Shift+T", self.tr("Dark or light theme (Ctrl+Shift+T)")
        )
        self.theme_action.setCheckable(True)
        self.theme_action.toggled.connect(self._theme_chosen)
        self.edge_action = self._action(
            bar,
            self.tr("Edge"),
            "Ctrl+Shift+O",
            self.tr(
                "Edge bandwidth and offload (1 - origin / edge) beside the origin "
                "(Ctrl+Shift+O): one more call per domain and window"
            ),
        )
        self.edge_action.setCheckable(True)
        self.edge_action.toggled.connect(self._edge_chosen)
        export = self._action(
            bar, self.tr("CSV…"), "Ctrl+E", self.tr("Save the visible points as CSV (Ctrl+E)")
        )
        export.triggered.connect(self._export_csv_chosen)
        picture = self._action(
            bar,
            self.tr("PNG…"),
            "Ctrl+Shift+S",
            self.tr("Save the charts as a PNG image (Ctrl+Shift+S)"),
        )
        picture.triggered.connect(self._save_image_chosen)
        report = self._action(
            bar,
            self.tr("Report…"),
            "Ctrl+R",
            self.tr("Month-to-date peak, average and billing P95 (Ctrl+R)"),
        )
        report.triggered.connect(self.report_requested)
        accounts = self._action(
            bar, self.tr("Accounts…"), "Ctrl+,", self.tr("Add, edit or remove accounts")
        )
        accounts.triggered.connect(lambda: self.accounts_requested.emit(""))
        self.language_button = LanguageButton(self.settings)
        bar.addWidget(self.language_button)
        # First, not last: a full toolbar hides its last items behind an overflow arrow.
        bar.insertWidget(bar.actions()[0], self._build_more_button())
        for index, view in enumerate(VIEWS, start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.triggered.connect(lambda _=False, v=view: self._select_view(v))
            self.addAction(action)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def _build_more_button(self) -> QToolButton:
        """The wall and the About box: used now and then, so behind one button (the
        toolbar is full at 1366 px); their shortcuts work from anywhere in the window."""
        menu = QMenu(self)
        entries = (
            (self.tr("Wall display"), "F11", self.wall_requested),
            (self.tr("Save view as wall layout…"), "", self.save_layout_requested),
            (self.tr("Alerts…"), "Ctrl+Shift+A", self.alerts_requested),
            (self.tr("About cdnmon…"), "F1", self.about_requested),
        )
        for text, shortcut, signal in entries:
            action = menu.addAction(text)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                self.addAction(action)
            action.triggered.connect(signal)
        menu.setToolTipsVisible(True)
        menu.actions()[0].setToolTip(
            self.tr("Fullscreen tiles for a wall screen (F11; Esc leaves)")
        )
        self.alerts_action = menu.actions()[2]
        self.alerts_action.setToolTip(
            self.tr(
                "Rules that send a chat message when origin bandwidth crosses a level, where "
                "the messages go, and what was sent (Ctrl+Shift+A)"
            )
        )
        button = QToolButton()
        button.setText("☰")
        button.setToolTip(self.tr("Wall display, wall layout, alerts, About"))
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = menu
        return button

    def _action(self, bar: QToolBar, text: str, shortcut: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        bar.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.updated_label = QLabel(self.tr("No data yet"))
        self.updated_label.setToolTip(self.tr("When the last fetch succeeded (local time)"))
        self.countdown_label = QLabel()
        self.countdown_label.setToolTip(self.tr("Time to the next automatic refresh"))
        self.in_flight_label = QLabel()
        self.in_flight_label.setToolTip(self.tr("Fetches running now"))
        self.round_label = QLabel()
        self.round_label.setToolTip(
            self.tr(
                "How long one refresh of every selected domain takes at the providers' rate "
                "limits (a call per domain; the busiest account sets the pace). Red when it "
                "takes longer than the auto-refresh interval: then domains update less often."
            )
        )
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.setFormat(self.tr("%v / %m calls"))
        self.progress_bar.hide()
        self.resolution_label = QLabel()
        self.resolution_label.setToolTip(
            self.tr(
                "Spacing of the points shown: 1 minute up to a day's range; coarser for longer "
                "ranges and for dates past what the provider keeps at 1 minute (7 days)"
            )
        )
        self.notice_label = QLabel()
        self.notice_label.setStyleSheet("color: #c62828")
        self.notice_label.hide()
        self.alerts_label = ClickableLabel()
        self.alerts_label.setStyleSheet("color: #c62828")
        self.alerts_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.alerts_label.clicked.connect(self.alerts_requested)
        self.alerts_label.hide()
        status.addWidget(self.updated_label)
        status.addWidget(self.alerts_label)
        status.addWidget(self.notice_label, 1)
        status.addPermanentWidget(self.resolution_label)
        status.addPermanentWidget(self.progress_bar)
        status.addPermanentWidget(self.round_label)
        status.addPermanentWidget(self.in_flight_label)
        status.addPermanentWidget(self.countdown_label)
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start(1000)
        # Thousands of answers come in a refresh: updated with each, the status bar cost
        # more than the charts; a few times a second is all a person can read anyway.
        self._calls = (0, 0)
        self._updated_at: float | None = None  # the last fetch that succeeded
        self._status_timer = QTimer(self, singleShot=True, interval=100)
        self._status_timer.timeout.connect(self._show_status)

    def _connect_monitor(self) -> None:
        m = self.monitor
        m.domains_listed.connect(self._domains_listed)
        m.source_failed.connect(self.picker.set_source_error)
        m.series_changed.connect(self._series_changed)
        m.series_failed.connect(self._series_failed)
        m.range_changed.connect(self._range_changed)
        m.updated.connect(self._updated)
        m.progress.connect(self._progress)
        m.earlier_changed.connect(self.chart.set_earlier)

    # ---- state ----------------------------------------------------------------------

    def _restore(self) -> None:
        s = self.settings
        if s.geometry is not None:
            self.restoreGeometry(s.geometry)
        elif (screen := QGuiApplication.primaryScreen()) is not None:
            space = screen.availableGeometry()
            self.resize(int(space.width() * 0.9), int(space.height() * 0.9))
        if s.window_state is not None:
            self.restoreState(s.window_state)
        self._show_span(s.span)
        self.monitor.span = int(self.range_box.currentData())
        self.refresh_box.setCurrentIndex(REFRESH_CHOICES.index(s.refresh_s))
        self._refresh_chosen()
        self._select_view(s.view)
        names = list(COMPARISONS)
        self.compare_box.setCurrentIndex(names.index(s.compare) if s.compare in names else 0)
        self._compare_chosen()
        self.threshold_box.setValue(s.threshold_bps / MBPS)
        self.summary.sort_by(*s.figures_sort)
        self.theme_action.setChecked(s.theme == "dark")
        self._theme_chosen(s.theme == "dark")
        self.edge_action.setChecked(s.edge)

    def save_settings(self) -> None:
        if not self.remember:
            return
        s = self.settings
        s.geometry = self.saveGeometry()
        s.window_state = self.saveState()
        # Until an account is connected the picker holds no choice, only a placeholder: a
        # quit then (a logout while the keyring waits to be unlocked) keeps the saved one.
        if self.monitor.sources:
            s.selection = self.picker.wanted()
        s.span = self.monitor.span
        s.refresh_s = int(self.refresh_box.currentData())
        s.view = str(self.view_box.currentData())
        s.compare = list(COMPARISONS)[self.compare_box.currentIndex()]
        s.theme = THEMES[int(self.theme_action.isChecked())]
        s.edge = self.edge_action.isChecked()
        s.threshold_bps = self.threshold_box.value() * MBPS
        s.figures_sort = self.summary.sort_state()
        s.sync()

    def show_sources(self, keys: list[SourceKey], selection: list[SeriesKey]) -> None:
        """Put these accounts in the picker and start on the given domains."""
        for key in keys:
            self.picker.add_source(key)
        self.pages.setCurrentIndex(1 if keys else 0)
        self.picker.set_checked(selection)
        self._select(selection)
        self.chart.set_time_range(*self._visible())

    def show_notice(self, text: str) -> None:
        """Something a person should know that is not tied to one domain (no dialog)."""
        self.notice_label.setText(text)
        self.notice_label.setToolTip(text)
        self.notice_label.setVisible(bool(text))

    def show_alerts_problem(self, text: str, details: str = "") -> None:
        """An alert target that is failing (or "" once none is); clicking opens the alerts."""
        metrics = self.alerts_label.fontMetrics()
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, ALERTS_WIDTH)
        self.alerts_label.setText(elided)
        tip = self.tr("Click to open the alerts (Ctrl+Shift+A)")
        self.alerts_label.setToolTip("\n".join(part for part in (text, details, tip) if part))
        self.alerts_label.setVisible(bool(text))

    def _visible(self) -> tuple[float, float]:
        visible = self.monitor.time_range()
        return float(visible.start), float(visible.end)

    # ---- reactions ------------------------------------------------------------------

    def _domains_listed(self, key: SourceKey, domains: list) -> None:
        self.picker.set_domains(key, domains)

    def _selection_changed(self, keys: list[SeriesKey]) -> None:
        for gone in set(self.monitor.selection()) - set(keys):
            self.chart.remove_series(gone)
            self.summary.summaries.remove(gone)
        self._select(keys)

    def _select(self, keys: list[SeriesKey]) -> None:
        self.chart.announce(
            {key: series_label(key) for key in keys if key[:2] in self.monitor.sources}
        )
        self.monitor.set_selection(keys, edge=keys if self.edge_action.isChecked() else None)

    def _edge_chosen(self, shown: bool) -> None:
        """Edge is fetched for the charted domains only while it is shown."""
        self.monitor.set_edge(self.monitor.selection() if shown else [])
        self.summary.show_offload(shown)

    def _series_changed(self, key: SeriesKey, snapshot: Snapshot) -> None:
        self.chart.set_error(key, None)
        self.chart.set_series(key, series_label(key), snapshot)
        self.summary.summaries.set_summary(key, snapshot.summary)
        self._status_changed()

    def _show_resolution(self) -> None:
        names = [spacing_title(i) for i in self.monitor.intervals_shown()]
        if not names:
            self.resolution_label.setText("")
            return
        either = reduce(lambda a, b: arg(self.tr("%1 or %2", "point spacings"), a, b), names)
        self.resolution_label.setText(arg(self.tr("Points every %1"), either))

    def _series_failed(self, key: SeriesKey, message: str) -> None:
        self.chart.set_error(key, message or None)
        self.picker.set_domain_error(key, message)

    def _range_changed(self, time_range: TimeRange) -> None:
        self.chart.set_time_range(float(time_range.start), float(time_range.end))

    def _updated(self, when: float) -> None:
        # Said with the progress, a few times a second: it comes with every answer.
        self._updated_at = when
        self._status_changed()

    def _progress(self, done: int, wanted: int) -> None:
        self._calls = (done, wanted)
        if wanted == 0:
            self._show_status()  # all done: said at once, not with a stale "1 / 1 calls"
        else:
            self._status_changed()

    def _status_changed(self) -> None:
        if not self._status_timer.isActive():
            self._status_timer.start()

    def _show_status(self) -> None:
        done, wanted = self._calls
        bar = self.progress_bar
        bar.setVisible(wanted > 0)
        # A progress bar repaints itself at once on a new value (~8 ms here, a few times a
        # second while fetching): with updates held, it is painted with the rest instead.
        bar.setUpdatesEnabled(False)
        bar.setRange(0, max(wanted, 1))
        bar.setValue(done)
        bar.setUpdatesEnabled(True)
        if self._updated_at is not None:
            self.updated_label.setText(arg(self.tr("Updated %1"), clock_time(self._updated_at)))
        self._show_resolution()

    def _tick(self) -> None:
        remaining = self.monitor.next_refresh_in()
        self.countdown_label.setText(
            self.tr("Auto-refresh off")
            if remaining is None
            else arg(self.tr("Next refresh in %1 s"), f"{remaining:.0f}")
        )
        busy = self.monitor.in_flight
        self.in_flight_label.setText(self.tr("%n fetches running", "", busy))
        self._show_round()

    def _show_round(self) -> None:
        found = self.monitor.round_time()
        text, colour = "", ""
        if found is not None and found.seconds >= 1:
            text = arg(
                self.tr("All %1 domains every %2 at %3 calls/s"),
                found.series,
                round_length(found.seconds),
                f"{found.calls_per_second:g}",
            )
            refresh = self.monitor.auto_refresh_s
            if refresh and found.seconds > refresh:  # never fall behind silently
                text, colour = arg(self.tr("Behind: %1"), text), "color: #c62828"
        if text != self.round_label.text():
            self.round_label.setText(text)
            self.round_label.setStyleSheet(colour)

    def _range_chosen(self) -> None:
        choice = int(self.range_box.currentData())
        if choice != CUSTOM_RANGE:
            self.monitor.set_span(choice)
            return
        dialog = TimeRangeDialog(self.monitor.time_range(), self)
        if dialog.exec() and dialog.chosen is not None:
            self.monitor.set_custom_range(dialog.chosen)
        elif self.monitor.custom_range is None:
            self._show_span(self.monitor.span)

    def _show_span(self, seconds: int) -> None:
        index = self.range_box.findData(seconds)
        self.range_box.setCurrentIndex(
            index if index >= 0 else self.range_box.findData(DEFAULT_SPAN)
        )

    def _refresh_chosen(self) -> None:
        self.monitor.set_auto_refresh(int(self.refresh_box.currentData()))
        self._tick()

    def _select_view(self, view: str) -> None:
        self.view_box.setCurrentIndex(VIEWS.index(view))

    def _view_chosen(self) -> None:
        self.chart.set_view(str(self.view_box.currentData()))

    def _compare_chosen(self) -> None:
        self.chart.clear_earlier()
        self.monitor.set_comparison(tuple(self.compare_box.currentData()))

    def _threshold_chosen(self, mbps: float) -> None:
        self.chart.set_threshold(mbps * MBPS if mbps > 0 else None)

    def _theme_chosen(self, dark: bool) -> None:
        theme = DARK if dark else LIGHT
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.chart.set_theme(theme)

    # ---- export ---------------------------------------------------------------------

    def visible_series(self) -> list[Series]:
        """The selected domains' points inside the visible range."""
        shots = [self.monitor.snapshot(key) for key in self.monitor.selection()]
        return [shot.series() for shot in shots if shot is not None]

    def visible_edge(self) -> list[Series] | None:
        """The edge bandwidth beside them while it is shown (None: it is not)."""
        if not self.edge_action.isChecked():
            return None
        shots = [self.monitor.snapshot(key) for key in self.monitor.selection()]
        return [edge for shot in shots if shot and (edge := shot.edge_series()) is not None]

    def export_csv(self, path: Path) -> None:
        # Whole or not at all: a full disk must not leave half a file over an older export.
        out = io.StringIO(newline="")
        write(self.visible_series(), "csv", out, edge=self.visible_edge())
        write_atomic(path, out.getvalue(), mode=0o644, make_folder=False)

    def save_image(self, path: Path) -> None:
        save_picture(self.chart.grab(), path)

    def _export_csv_chosen(self) -> None:
        kind = self.tr("CSV (*.csv)")
        self._save_as(kind, "cdnmon-origin-bandwidth.csv", self.export_csv)

    def _save_image_chosen(self) -> None:
        kind = self.tr("PNG image (*.png)")
        self._save_as(kind, "cdnmon-origin-bandwidth.png", self.save_image)

    def _save_as(self, kind: str, name: str, save: Callable[[Path], None]) -> None:
        folder = self.settings.export_folder or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), str(Path(folder) / name), kind
        )
        if not chosen:
            return
        try:
            save(Path(chosen))
        except OSError as error:
            reason = error.strerror or str(error)
            self.show_notice(arg(self.tr("Could not save %1: %2"), chosen, reason))
            return
        self.settings.export_folder = str(Path(chosen).parent)
        self.show_notice("")
        self.statusBar().showMessage(arg(self.tr("Saved %1"), chosen), 5000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.monitor.shutdown()
        super().closeEvent(event)


def on_first_data(window: MainWindow, callback: Callable[[], None]) -> None:
    """Call ``callback`` once charts show data and no fetch is running any more."""

    def check() -> None:
        drawn = window.chart.has_data and not window.chart.building
        if drawn and window.monitor.in_flight == 0:
            poll.stop()
            callback()

    poll = QTimer(window)
    poll.timeout.connect(check)
    poll.start(20)

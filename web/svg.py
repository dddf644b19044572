"""Geometry for the server-drawn SVG charts; templates turn it into markup.

No chart library: a bar chart and a line chart are a few rectangles and polylines.
"""

from __future__ import annotations

from dataclasses import dataclass

from web.selectors.charts import CoverageSeries, HostLoadRow
from web.selectors.weeks import Week

# Twelve line colours, each at least 3:1 against white (WCAG 1.4.11), and pairwise at least
# ΔE 15 apart (CIELAB) in normal vision and in simulated protanopia, deuteranopia and
# tritanopia (Machado 2009): Okabe-Ito's darker five, completed by a max-min search
# (tests/unit/web/test_palette.py measures it). Lines also differ by dash, past 12 they cycle.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#000000",
    "#8800EE",
    "#662200",
    "#002288",
    "#440044",
    "#8866EE",
    "#664444",
    "#668844",
)
DASHES = ("", "6 3", "2 3")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: float
    width: float
    text_y: float  # baseline of the label and value, centred on the bar
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar]
    top: int = 0  # room above the bars for the limit's label
    limit: int | None = None
    limit_x: float | None = None  # where the limit line is drawn

    @property
    def label_x(self) -> int:
        return self.label_width - 6


def host_load_chart(
    rows: list[HostLoadRow], *, limit: int | None = None, width: int = 640
) -> BarChart:
    """Each host's busiest ISO week in hosted slots (rule 9), with the rule's limit drawn."""
    label_width, bar_height, gap, top = 180, 18, 6, 18
    most = max(max((row.peak for row in rows), default=0), limit or 0) or 1
    room = width - label_width - 40
    bars = [
        Bar(
            label=row.host,
            value=row.peak,
            y=top + i * (bar_height + gap),
            width=round(room * row.peak / most, 1),
            text_y=top + i * (bar_height + gap) + 13,
            value_x=round(label_width + room * row.peak / most + 4, 1),
        )
        for i, row in enumerate(rows)
    ]
    height = top + max(len(bars) * (bar_height + gap), bar_height)
    return BarChart(
        width=width,
        height=height,
        label_width=label_width,
        bar_height=bar_height,
        bars=bars,
        top=top,
        limit=limit,
        limit_x=round(label_width + room * limit / most, 1) if limit else None,
    )


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: str  # "x,y x,y ..." for <polyline points>
    dash: str = ""  # stroke-dasharray; "" is solid


@dataclass(frozen=True)
class Tick:
    label: str
    at: float


def _day(week: Week) -> str:
    """A week's Monday as "4 Jan": dates read better than ISO week numbers."""
    return f"{week.monday.day} {week.monday:%b}"


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]

    @property
    def right(self) -> int:
        return self.left + self.plot_width

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def x_label_y(self) -> int:
        return self.bottom + 16

    @property
    def y_label_x(self) -> int:
        return self.left - 6


def coverage_chart(
    weeks: list[Week], series: list[CoverageSeries], *, width: int = 640, height: int = 280
) -> LineChart:
    left, top, right, bottom = 44, 10, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(weeks) - 1, 1)

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(share: float) -> float:
        return round(top + plot_h * (1 - share), 1)

    lines = [
        Line(
            label=s.department,
            colour=PALETTE[i % len(PALETTE)],
            points=" ".join(f"{x(j)},{y(v)}" for j, v in enumerate(s.shares)),
            dash=DASHES[i % len(DASHES)],
        )
        for i, s in enumerate(series)
    ]
    every = max(1, len(weeks) // 6)  # keep week labels from overlapping
    x_ticks = [Tick(label=_day(w), at=x(i)) for i, w in enumerate(weeks) if i % every == 0]
    y_ticks = [Tick(label=f"{p}%", at=y(p / 100)) for p in (0, 25, 50, 75, 100)]
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_w,
        plot_height=plot_h,
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )


@dataclass(frozen=True)
class HeatCell:
    x: float
    y: float
    value: int
    opacity: float  # 0 (none) .. 1 (at the limit, or the busiest host-week without one)
    text_x: float
    text_y: float
    dark: bool  # white text on a dark cell
    at_limit: bool = False  # the host may host no more slots that week
    over: bool = False  # more than the rule allows: a broken plan


@dataclass(frozen=True)
class HeatRow:
    label: str
    text_y: float
    cells: list[HeatCell]


@dataclass(frozen=True)
class HeatMap:
    width: int
    height: int
    label_width: int
    cell_width: float
    cell_height: int
    rows: list[HeatRow]
    columns: list[Tick]  # week labels, centred over their column

    @property
    def label_x(self) -> int:
        return self.label_width - 6


def host_week_heatmap(
    weeks: list[Week], rows: list[HostLoadRow], *, limit: int | None = None, width: int = 640
) -> HeatMap:
    """Host load as rule 9 counts it: a host per row, an ISO week per column, each cell the
    slots hosted that week; a cell at the limit is full colour and outlined."""
    label_width, cell_height, header = 180, 20, 18
    cell_width = round((width - label_width) / max(len(weeks), 1), 1)
    most = limit or max((n for row in rows for n in row.per_week), default=0) or 1
    heat_rows = []
    for i, row in enumerate(rows):
        y = header + i * cell_height
        cells = [
            HeatCell(
                x=round(label_width + j * cell_width, 1),
                y=y,
                value=n,
                opacity=round(min(n / most, 1.0), 3),
                text_x=round(label_width + (j + 0.5) * cell_width, 1),
                text_y=y + 14,
                dark=n / most > 0.5,
                at_limit=limit is not None and n == limit,
                over=limit is not None and n > limit,
            )
            for j, n in enumerate(row.per_week)
        ]
        heat_rows.append(HeatRow(label=row.host, text_y=y + 14, cells=cells))
    columns = [
        Tick(label=_day(w), at=round(label_width + (j + 0.5) * cell_width, 1))
        for j, w in enumerate(weeks)
    ]
    return HeatMap(
        width=width,
        height=header + len(rows) * cell_height,
        label_width=label_width,
        cell_width=cell_width,
        cell_height=cell_height,
        rows=heat_rows,
        columns=columns,
    )

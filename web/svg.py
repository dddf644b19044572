"""Geometry for the server-drawn SVG charts; templates turn it into markup.

No chart library: a bar chart and a line chart are a few rectangles and polylines.
"""

from __future__ import annotations

from dataclasses import dataclass

from web.selectors.charts import CoverageSeries, HostLoadRow
from web.selectors.weeks import Week

# Distinguishable for common colour blindness (Okabe-Ito), cycled.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")


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

    @property
    def label_x(self) -> int:
        return self.label_width - 6


def host_load_chart(rows: list[HostLoadRow], *, width: int = 640) -> BarChart:
    label_width, bar_height, gap = 180, 18, 6
    most = max((row.total for row in rows), default=0) or 1
    room = width - label_width - 40
    bars = [
        Bar(
            label=row.host,
            value=row.total,
            y=i * (bar_height + gap),
            width=round(room * row.total / most, 1),
            text_y=i * (bar_height + gap) + 13,
            value_x=round(label_width + room * row.total / most + 4, 1),
        )
        for i, row in enumerate(rows)
    ]
    height = max(len(bars) * (bar_height + gap), bar_height)
    return BarChart(
        width=width, height=height, label_width=label_width, bar_height=bar_height, bars=bars
    )


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: str  # "x,y x,y ..." for <polyline points>


@dataclass(frozen=True)
class Tick:
    label: str
    at: float


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
        )
        for i, s in enumerate(series)
    ]
    every = max(1, len(weeks) // 6)  # keep week labels from overlapping
    x_ticks = [Tick(label=w.short, at=x(i)) for i, w in enumerate(weeks) if i % every == 0]
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
    opacity: float  # 0 (none) .. 1 (the busiest host-week)
    text_x: float
    text_y: float
    dark: bool  # white text on a dark cell


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


def host_week_heatmap(weeks: list[Week], rows: list[HostLoadRow], *, width: int = 640) -> HeatMap:
    """Host load over time: a host per row, an ISO week per column, darker for more sessions."""
    label_width, cell_height, header = 180, 20, 18
    cell_width = round((width - label_width) / max(len(weeks), 1), 1)
    most = max((n for row in rows for n in row.per_week), default=0) or 1
    heat_rows = []
    for i, row in enumerate(rows):
        y = header + i * cell_height
        cells = [
            HeatCell(
                x=round(label_width + j * cell_width, 1),
                y=y,
                value=n,
                opacity=round(n / most, 3),
                text_x=round(label_width + (j + 0.5) * cell_width, 1),
                text_y=y + 14,
                dark=n / most > 0.5,
            )
            for j, n in enumerate(row.per_week)
        ]
        heat_rows.append(HeatRow(label=row.host, text_y=y + 14, cells=cells))
    columns = [
        Tick(label=w.short, at=round(label_width + (j + 0.5) * cell_width, 1))
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

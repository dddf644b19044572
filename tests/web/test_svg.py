"""Chart geometry (no database): bars, lines and the host-by-week heat map."""

from __future__ import annotations

import datetime as dt

from web.selectors.charts import CoverageSeries, HostLoadRow
from web.selectors.weeks import Week
from web.svg import coverage_chart, host_load_chart, host_week_heatmap

WEEKS = [
    Week(year=2027, number=n, monday=dt.date(2027, 1, 4) + dt.timedelta(weeks=n - 1))
    for n in (1, 2, 3)
]
ROWS = [HostLoadRow(host="Rita", per_week=[0, 4, 2]), HostLoadRow(host="Ravi", per_week=[1, 0, 0])]


def test_bars_show_each_hosts_busiest_week_against_the_limit() -> None:
    chart = host_load_chart(ROWS, limit=3, width=640)
    rita, ravi = chart.bars
    assert (rita.value, ravi.value) == (4, 1)  # Rita's W02 breaks a limit of 3
    assert rita.width == 640 - 180 - 40
    assert ravi.width == round(rita.width / 4, 1)
    assert chart.limit_x == round(180 + rita.width * 3 / 4, 1)
    assert ravi.y > rita.y


def test_without_a_limit_the_busiest_host_sets_the_scale_and_no_line_is_drawn() -> None:
    chart = host_load_chart(ROWS, width=640)
    assert chart.limit_x is None
    assert chart.bars[0].width == 640 - 180 - 40


def test_the_heat_map_darkens_with_load_and_labels_each_week_by_its_monday() -> None:
    heat = host_week_heatmap(WEEKS, ROWS, width=640)
    assert [c.label for c in heat.columns] == ["4 Jan", "11 Jan", "18 Jan"]
    rita = heat.rows[0]
    assert [c.opacity for c in rita.cells] == [0.0, 1.0, 0.5]
    assert [c.dark for c in rita.cells] == [False, True, False]
    assert heat.rows[1].cells[0].opacity == 0.25
    assert heat.height == 18 + 2 * 20


def test_the_heat_map_is_scaled_to_the_limit_and_marks_cells_at_and_over_it() -> None:
    heat = host_week_heatmap(WEEKS, ROWS, limit=2, width=640)
    rita = heat.rows[0].cells
    assert [c.opacity for c in rita] == [0.0, 1.0, 1.0]
    assert [(c.at_limit, c.over) for c in rita] == [(False, False), (False, True), (True, False)]
    assert heat.rows[1].cells[0].opacity == 0.5


def test_coverage_lines_differ_by_dash_as_well_as_colour() -> None:
    series = [CoverageSeries(department=f"D{i}", required=1, shares=[0.0]) for i in range(4)]
    lines = coverage_chart(WEEKS, series).lines
    assert len({line.colour for line in lines}) == 4
    assert [line.dash for line in lines][:3] == ["", "6 3", "2 3"]


def test_coverage_lines_run_from_bottom_0_to_top_100_percent() -> None:
    series = [CoverageSeries(department="IT", required=4, shares=[0.0, 0.5, 1.0])]
    chart = coverage_chart(WEEKS, series, width=640, height=280)
    points = [tuple(map(float, p.split(","))) for p in chart.lines[0].points.split()]
    assert points[0] == (chart.left, chart.bottom)
    assert points[-1] == (chart.right, chart.top)
    assert points[1][1] == (chart.top + chart.bottom) / 2
    assert [t.label for t in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]

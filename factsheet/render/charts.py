"""Static, accessible SVG bar charts whose every mark is a cited fact.

A chart is a ``<figure>``: a caption with its visible title, an SVG with
``<title>`` and ``<desc>`` and one link per bar to the bar's fact, a plain
table of the same numbers as the text alternative, a link to the chart's
data as CSV (``data/charts/ID.csv``) and a "Cite this chart" box. No
script, nothing fetched.
"""

from __future__ import annotations

from dataclasses import replace

from factsheet.export.cite import chart_citation
from factsheet.model import SCALES, Chart, Sheet, urls
from factsheet.model.urls import Site
from factsheet.model.wording import figure_text
from factsheet.render.page import Block, Page, make_page
from factsheet.render.templates import block

# The SVG has no viewBox: it is as wide as the page's column and its text keeps its size (14 px) on any
# screen, where a scaled drawing shrank its labels to 7 px on a phone. Each bar has its label on a line
# above it; bars are drawn in percentages of the width (at most BAR_MAX), the figure after the bar's end.
BAR_MAX = 60.0
LABEL_H = 20
BAR_H = 24
GAP = 14
TOP = 4
ROW = LABEL_H + BAR_H + GAP


def chart_svg(sheet: Sheet, site: Site, page: str, chart: Chart) -> str:
    """One chart as an HTML figure: a visible title, an inline SVG, a data table, a CSV download and "cite this chart"."""
    rows = sheet.chart_rows(chart)
    unit = rows[0][1].figure.unit
    top_value = 100.0 if unit == "percent" else max(f.figure.scaled_value for _, f, _ in rows) or 1.0
    height = TOP * 2 + len(rows) * ROW
    bars = []
    for i, (label, fact, is_total) in enumerate(rows):
        y = TOP + i * ROW
        width = max(0.5, BAR_MAX * fact.figure.scaled_value / top_value)
        bars.append({"fact": fact, "label": label, "total": is_total, "href": site.fact_permalink(fact, page),
                     "value": figure_text(fact.figure), "label_y": y + 15, "bar_y": y + LABEL_H, "width": f"{width:.1f}",
                     "value_y": f"{y + LABEL_H + BAR_H * 0.72:.1f}"})
    axis = {"x": BAR_MAX, "top": TOP, "bottom": height - 18, "label_y": height - 4} if unit == "percent" else None
    return block("charts.html", "figure", {
        "chart": chart, "note": _remainder_note(chart, sheet), "height": height, "bars": bars, "bar_height": BAR_H, "axis": axis,
        "download": site.relative(page, urls.CHART_CSV.format(chart.id)), "citation": chart_citation(sheet, site, chart, urls.CHARTS),
    })


def _remainder_note(chart: Chart, sheet: Sheet) -> str:
    """For a breakdown, say how much of the total the parts explain (plain text, starting with a space)."""
    if not chart.total:
        return ""
    total = sheet.facts[chart.total]
    parts = sum(sheet.facts[b.fact].figure.scaled_value for b in chart.bars)
    rest = total.figure.scaled_value - parts
    if rest <= 0:
        return ""
    factor = SCALES.get(total.figure.scale or "", 1.0)
    # The remainder is as uncertain as its terms: "over $10.3 billion" less exact parts leaves "over $2.3 billion".
    exact_parts = all(sheet.facts[b.fact].figure.qualifier == "exact" for b in chart.bars)
    parts_qualifier = "exact" if exact_parts else "about"
    rest_qualifier = total.figure.qualifier if exact_parts else "about"
    shown = figure_text(replace(total.figure, value=round(parts / factor, 2), qualifier=parts_qualifier))
    missing = figure_text(replace(total.figure, value=round(rest / factor, 2), qualifier=rest_qualifier))
    return f" The parts shown add up to {shown}; the sources do not break down the rest ({missing})."


def chart_anchors(chart: Chart) -> tuple[str, ...]:
    """The element ids in a chart's figure."""
    return (f"chart-{chart.id}", f"chart-{chart.id}-title", f"chart-{chart.id}-desc")


def charts_page(sheet: Sheet, site: Site) -> Page:
    """A page with every chart."""
    page = urls.CHARTS
    blocks: list = [block("charts.html", "intro")]
    blocks.extend(Block(chart_svg(sheet, site, page, chart), anchors=chart_anchors(chart)) for chart in sheet.charts)
    return make_page(page, "Charts", blocks, "Charts of the figures in the fact sheet, each bar linked to its cited fact.")

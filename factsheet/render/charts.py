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
from factsheet.render.html import esc, figure_text
from factsheet.render.page import Block, Page, make_page

# The SVG has no viewBox: it is as wide as the page's column and its text keeps its size (14 px) on any
# screen, where a scaled drawing shrank its labels to 7 px on a phone. Each bar has its label on a line
# above it; bars are drawn in percentages of the width (at most BAR_MAX), the figure after the bar's end.
BAR_MAX = 60.0
LABEL_H = 20
BAR_H = 24
GAP = 14
TOP = 4
ROW = LABEL_H + BAR_H + GAP


def scaled_value(fact) -> float:
    return fact.figure.value * SCALES.get(fact.figure.scale or "", 1.0)


def chart_rows(sheet: Sheet, chart: Chart) -> list[tuple[str, object, bool]]:
    """The bars of a chart in order (the total first), each as (label, fact, is the total)."""
    rows = []
    if chart.total:
        rows.append(("Total", sheet.facts[chart.total], True))
    rows.extend((bar.label, sheet.facts[bar.fact], False) for bar in chart.bars)
    return rows


def chart_csv_path(chart: Chart) -> str:
    """Where a chart's data is downloaded from, in the built site."""
    return f"data/charts/{chart.id}.csv"


def chart_svg(sheet: Sheet, site: Site, page: str, chart: Chart) -> str:
    """One chart as an HTML figure: a visible title, an inline SVG, a data table, a CSV download and "cite this chart"."""
    rows = chart_rows(sheet, chart)
    unit = rows[0][1].figure.unit
    top_value = 100.0 if unit == "percent" else max(scaled_value(f) for _, f, _ in rows) or 1.0
    height = TOP * 2 + len(rows) * ROW
    title_id, desc_id = f"chart-{chart.id}-title", f"chart-{chart.id}-desc"
    marks = []
    for i, (label, fact, is_total) in enumerate(rows):
        y = TOP + i * ROW
        w = max(0.5, BAR_MAX * scaled_value(fact) / top_value)
        value = figure_text(fact.figure)
        href = site.fact_permalink(fact, page)
        cls = "fs-bar fs-bar--total" if is_total else "fs-bar"
        marks.append(
            # The link is named by what it shows (label, then figure), as WCAG 2.5.3 asks: no aria-label or <title>.
            f'<a href="{esc(href)}" data-fact-id="{esc(fact.id)}">'
            f'<text x="0" y="{y + 15}">{esc(label)}</text> '  # the space parts the label from the figure in the link's text
            f'<rect class="{cls}" x="0" y="{y + LABEL_H}" width="{w:.1f}%" height="{BAR_H}" rx="2"/>'
            f'<text class="fs-chart__value" x="{w:.1f}%" dx="8" y="{y + LABEL_H + BAR_H * 0.72:.1f}">{esc(value)}</text></a>'
        )
    if unit == "percent":
        marks.append(f'<line class="fs-axis" x1="{BAR_MAX}%" y1="{TOP}" x2="{BAR_MAX}%" y2="{height - 18}" stroke-dasharray="4 3"/>'
                     f'<text class="fs-axis-label" x="{BAR_MAX}%" y="{height - 4}" text-anchor="middle">100%</text>')
    svg = (
        f'<svg class="fs-chart" role="group" width="100%" height="{height}" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{esc(chart.title)}</title><desc id="{desc_id}">{esc(chart.description)}</desc>'
        + "".join(marks) + "</svg>"
    )
    table_rows = "".join(
        f'<tr><th scope="row">{esc(label)}</th><td><a href="{esc(site.fact_permalink(f, page))}">'
        f"{esc(figure_text(f.figure))}</a></td></tr>"
        for label, f, _ in rows
    )
    note = _remainder_note(chart, sheet)
    download = site.relative(page, chart_csv_path(chart))
    return (
        f'<figure class="fs-chart-figure" id="chart-{esc(chart.id)}">'
        f'<figcaption><span class="fs-chart-title">{esc(chart.title)}</span> {esc(chart.description)}{note}</figcaption>{svg}'
        f'<details class="fs-chart-data"><summary>The numbers behind this chart</summary><table>'
        f'<thead><tr><th scope="col">Bar</th><th scope="col">Figure</th></tr></thead><tbody>{table_rows}</tbody></table></details>'
        f'<p class="fs-chart-links"><a href="{esc(download)}" download>Download this chart’s data (CSV)</a></p>'
        f"{chart_citation(sheet, site, chart, urls.CHARTS)}</figure>"
    )


def _remainder_note(chart: Chart, sheet: Sheet) -> str:
    """For a breakdown, say how much of the total the parts explain."""
    if not chart.total:
        return ""
    total = sheet.facts[chart.total]
    parts = sum(scaled_value(sheet.facts[b.fact]) for b in chart.bars)
    rest = scaled_value(total) - parts
    if rest <= 0:
        return ""
    factor = SCALES.get(total.figure.scale or "", 1.0)
    # The remainder is as uncertain as its terms: "over $10.3 billion" less exact parts leaves "over $2.3 billion".
    exact_parts = all(sheet.facts[b.fact].figure.qualifier == "exact" for b in chart.bars)
    parts_qualifier = "exact" if exact_parts else "about"
    rest_qualifier = total.figure.qualifier if exact_parts else "about"
    shown = figure_text(replace(total.figure, value=round(parts / factor, 2), qualifier=parts_qualifier))
    missing = figure_text(replace(total.figure, value=round(rest / factor, 2), qualifier=rest_qualifier))
    return f" The parts shown add up to {esc(shown)}; the sources do not break down the rest ({esc(missing)})."


def chart_anchors(chart: Chart) -> tuple[str, ...]:
    """The element ids in a chart's figure."""
    return (f"chart-{chart.id}", f"chart-{chart.id}-title", f"chart-{chart.id}-desc")


def charts_page(sheet: Sheet, site: Site) -> Page:
    """A page with every chart."""
    page = urls.CHARTS
    blocks: list = ["<p>Every bar is a cited fact: follow it to the fact, its quote and its source.</p>"]
    blocks.extend(Block(chart_svg(sheet, site, page, chart), anchors=chart_anchors(chart)) for chart in sheet.charts)
    return make_page(page, "Charts", blocks, "Charts of the figures in the fact sheet, each bar linked to its cited fact.")

"""Static, accessible SVG bar charts whose every mark is a cited fact.

A chart is a ``<figure>``: an SVG with ``<title>`` and ``<desc>``, one link
per bar to the bar's fact, then a caption and a plain table of the same
numbers as the text alternative. No script, nothing fetched.
"""

from __future__ import annotations

from dataclasses import replace

from .. import urls
from ..model import SCALES, Chart, Sheet
from ..urls import Site
from .html import esc, figure_text
from .page import Block, Page, make_page

WIDTH = 640
LABEL_W = 210
BAR_H = 30
GAP = 14
TOP = 10


def _scaled(fact) -> float:
    return fact.figure.value * SCALES.get(fact.figure.scale or "", 1.0)


def chart_svg(sheet: Sheet, site: Site, page: str, chart: Chart) -> str:
    """One chart as an HTML figure with an inline SVG and a data table."""
    rows = []
    if chart.total:
        rows.append(("Total", sheet.facts[chart.total], True))
    rows.extend((bar.label, sheet.facts[bar.fact], False) for bar in chart.bars)
    unit = rows[0][1].figure.unit
    top_value = 100.0 if unit == "percent" else max(_scaled(f) for _, f, _ in rows) or 1.0
    plot_w = WIDTH - LABEL_W - 150
    height = TOP * 2 + len(rows) * (BAR_H + GAP)
    title_id, desc_id = f"chart-{chart.id}-title", f"chart-{chart.id}-desc"
    marks = []
    for i, (label, fact, is_total) in enumerate(rows):
        y = TOP + i * (BAR_H + GAP)
        w = max(2.0, plot_w * _scaled(fact) / top_value)
        value = figure_text(fact.figure)
        href = site.fact_permalink(fact, page)
        cls = "fs-bar fs-bar--total" if is_total else "fs-bar"
        marks.append(
            f'<a href="{esc(href)}" data-fact-id="{esc(fact.id)}" aria-label="{esc(label)}: {esc(value)}">'
            f"<title>{esc(label)}: {esc(value)} ({esc(fact.claim)})</title>"
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H * 0.65:.1f}" text-anchor="end">{esc(label)}</text>'
            f'<rect class="{cls}" x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" rx="2"/>'
            f'<text x="{LABEL_W + w + 8:.1f}" y="{y + BAR_H * 0.65:.1f}">{esc(value)}</text></a>'
        )
    if unit == "percent":
        x = LABEL_W + plot_w
        marks.append(f'<line class="fs-axis" x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height - TOP}" stroke-dasharray="4 3"/>'
                     f'<text class="fs-axis-label" x="{x}" y="{height - 2}" text-anchor="middle">100%</text>')
    svg = (
        f'<svg class="fs-chart" role="group" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
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
    return (
        f'<figure class="fs-chart-figure" id="chart-{esc(chart.id)}">{svg}'
        f"<figcaption><strong>{esc(chart.title)}</strong>. {esc(chart.description)}{note}</figcaption>"
        f'<details class="fs-chart-data"><summary>The numbers behind this chart</summary><table>'
        f'<thead><tr><th scope="col">Bar</th><th scope="col">Figure</th></tr></thead><tbody>{table_rows}</tbody></table></details></figure>'
    )


def _remainder_note(chart: Chart, sheet: Sheet) -> str:
    """For a breakdown, say how much of the total the parts explain."""
    if not chart.total:
        return ""
    total = sheet.facts[chart.total]
    parts = sum(_scaled(sheet.facts[b.fact]) for b in chart.bars)
    rest = _scaled(total) - parts
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

"""Where a built page's bytes go: the theme's header, navigation, footer and icons, scripts, whitespace, our content.

    python benchmarks/pageshare.py SITE_DIR entities/some-entity/index.html figures/page-2/index.html

For each page it prints the bytes (and gzipped bytes) of each part, parts cut
out of the page in this order, so each byte is counted once: what
:func:`factsheet.render.compact.compact_html` would remove (whitespace
between tags, the icons' ``xmlns``), inline scripts (Material's configuration among them), inline SVG
icons, the page's own content (the ``<article>``, less its scripts and
icons), the header, the navigation and table of contents sidebars, the
footer, the ``<head>`` less its scripts, and the rest. The parts are found
with regular expressions on Material's markup (it nests none of them in
another), so on another theme most bytes land in "rest".
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factsheet.render.compact import compact_html  # noqa: E402

# (name, pattern), cut out in order.
PARTS = [
    ("inline scripts", r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>"),
    ("inline SVG icons", r"<svg\b.*?</svg>"),
    ("page content (article)", r"<article\b.*?</article>"),
    ("header (title, palette, search)", r"<header\b.*?</header>"),
    ("navigation sidebar", r'<div class="md-sidebar md-sidebar--primary".*?</nav>\s*</div>\s*</div>\s*</div>'),
    ("table of contents sidebar", r'<div class="md-sidebar md-sidebar--secondary".*?</nav>\s*</div>\s*</div>\s*</div>'),
    ("footer", r"<footer\b.*?</footer>"),
    ("head (less scripts)", r"<head>.*?</head>"),
]


def shares(html: str) -> list[tuple[str, int, int]]:
    """(part, bytes, gzipped bytes) of a page; the parts add up to the page's bytes."""
    compact = compact_html(html)
    rows = [("whitespace between tags, icons' xmlns", len(html.encode()) - len(compact.encode()), 0)]
    rest = compact
    for name, pattern in PARTS:
        found = re.findall(pattern, rest, re.DOTALL)
        text = "".join(found)
        rest = re.sub(pattern, "", rest, flags=re.DOTALL)
        rows.append((name, len(text.encode()), len(gzip.compress(text.encode(), 6)) if text else 0))
    rows.append(("rest (body structure, skip link, search output, dialog)", len(rest.encode()),
                 len(gzip.compress(rest.encode(), 6))))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("pages", nargs="+", help="pages, relative to the site (entities/x/index.html)")
    args = parser.parse_args(argv)
    for rel in args.pages:
        html = (args.site / rel).read_text(encoding="utf-8")
        total = len(html.encode())
        print(f"\n{rel}: {total:,} bytes, {len(gzip.compress(html.encode(), 6)):,} gzipped\n")
        print("| part | bytes | share | gzipped alone |")
        print("| --- | ---: | ---: | ---: |")
        for name, size, gz in shares(html):
            print(f"| {name} | {size:,} | {size / total:.0%} | {gz:,} |")


if __name__ == "__main__":
    main()

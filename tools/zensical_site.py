"""Build or serve the fact sheet with Zensical: the engine renders it, Zensical builds it strictly, site/ gets it whole.

Usage::

    python tools/zensical_site.py build    # make site BUILDER=zensical
    python tools/zensical_site.py serve    # make serve BUILDER=zensical (re-run after editing facts/)

Zensical runs no MkDocs hooks, so ``factsheet render --docs docs`` writes the
whole sheet as plain Markdown (generated pages, authored pages with every
``[[fact:...]]`` expanded, downloads) into ``docs_dir`` of ``zensical.toml``;
``zensical build --strict`` builds it into ``site_dir``, from a copy of the
configuration with the site's address filled in; the built pages are checked
for any reference left unexpanded; then the finished site replaces ``site/``
in one step (``factsheet.publish``). A failure at any step exits 1 with the
reason and leaves ``site/`` as it was.

The address is ``FACTSHEET_SITE_URL`` when set (as ``mkdocs.yml`` reads it),
else ``site_url`` of ``zensical.toml``. As with MkDocs, a build refuses an
address readers cannot use (none, this machine's, a placeholder), since every
permalink, citation, download and sitemap entry starts with it; ``serve``
previews with it whatever it is.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent  # the project: facts/, docs/, mkdocs.yml (settings), zensical.toml
_CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_RAW_REFERENCE = re.compile(r"\[\[(?:fact|chart|plain):")


def project(root: Path) -> dict:
    """The ``[project]`` table of a project's ``zensical.toml``."""
    with (root / "zensical.toml").open("rb") as f:
        data = tomllib.load(f)
    return data.get("project", data)


def unexpanded(site: Path) -> list[str]:
    """Built pages that still show a ``[[fact:``, ``[[chart:`` or ``[[plain:`` reference outside code, as ``page: text``."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = _CODE.sub("", page.read_text(encoding="utf-8", errors="replace"))
        match = _RAW_REFERENCE.search(text)
        if match:
            found.append(f"{page.relative_to(site)}: {text[match.start():match.start() + 60]!r}")
    return found


def without_traceback(output: str) -> str:
    """Zensical's output without the Python traceback it prints when --strict aborts (its issues are listed above it)."""
    lines, skipping = [], False
    for line in output.splitlines(keepends=True):
        if line.startswith("Traceback (most recent call last):"):
            skipping = True
        elif skipping and not line.startswith((" ", "\t")):
            skipping = False
            continue  # the exception line itself ("RuntimeError: Aborted because --strict flag is set")
        if not skipping:
            lines.append(line)
    return "".join(lines)


def site_url(settings: dict) -> str:
    """The address the site is published at: ``FACTSHEET_SITE_URL``, else the configuration's ``site_url``."""
    return os.environ.get("FACTSHEET_SITE_URL") or settings.get("site_url", "")


def build_config(root: Path, settings: dict) -> Path:
    """The configuration Zensical runs: ``zensical.toml`` with the address filled in, beside the rendered pages.

    It is written as YAML (Zensical reads MkDocs' format too) next to ``docs_dir`` and ``site_dir``, which it
    names relative to itself, as Zensical wants both inside the configuration's folder.
    """
    docs, built = root / settings["docs_dir"], root / settings["site_dir"]
    folder = docs.parent
    config = dict(settings, site_url=site_url(settings), docs_dir=os.path.relpath(docs, folder),
                  site_dir=os.path.relpath(built, folder))
    path = folder / "zensical.yml"
    path.write_text("# Written by tools/zensical_site.py from zensical.toml: edit that file.\n"
                    + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def render(root: Path, settings: dict) -> int:
    """Write the sheet as plain Markdown into the configuration's ``docs_dir`` with the engine."""
    from factsheet.cli import main

    return main(["--facts", str(root / "facts"), "render", "--out", str(root / settings["docs_dir"]), "--docs", str(root / "docs"),
                 "--site-url", site_url(settings), "--title", settings.get("site_name", "Fact sheet")])


def build(root: Path, final: Path) -> int:
    """Render, build strictly, check and publish; 0 on success."""
    from factsheet import publish
    from factsheet.model.urls import placeholder_site_url

    settings = project(root)
    built = root / settings["site_dir"]
    problem = placeholder_site_url(site_url(settings))
    if problem and os.environ.get("FACTSHEET_LOCAL_PREVIEW") == "1":  # make site without an address: a local build
        print(f"LOCAL PREVIEW: {problem}; set FACTSHEET_SITE_URL to build the published site", file=sys.stderr)
    elif problem:
        print(f"error: {problem}: every permalink, cite-this text, download and sitemap entry would send readers there. "
              f"Set FACTSHEET_SITE_URL (or site_url in zensical.toml) to the address the site is published at; "
              f"{final} is unchanged", file=sys.stderr)
        return 1
    if render(root, settings):
        return 1
    config = build_config(root, settings)
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)],
                          cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    print(without_traceback(done.stdout), end="")
    if done.returncode:
        print(f"error: zensical build --strict failed (the issues above; pages as rendered in {settings['docs_dir']}); "
              f"{final} is unchanged", file=sys.stderr)
        return 1
    leftovers = unexpanded(built)
    if leftovers:
        print("error: references left unexpanded in the built pages:\n  " + "\n  ".join(leftovers), file=sys.stderr)
        return 1
    try:
        publish.staging_dir(str(final))  # refuses a mount point, clears what killed builds left
        publish.swap_in(str(built), str(final))
    except (publish.PublishError, OSError) as exc:
        print(f"error: cannot publish to {final}: {exc}", file=sys.stderr)
        return 1
    print(f"published the Zensical build to {final}")
    return 0


def serve(root: Path, address: str) -> int:
    """Render, then hand over to ``zensical serve`` (which watches the rendered pages, not facts/)."""
    settings = project(root)
    if render(root, settings):
        return 1
    config = build_config(root, settings)
    return subprocess.run([sys.executable, "-m", "zensical", "serve", "-f", str(config), "-a", address],
                          cwd=config.parent).returncode


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "serve"))
    parser.add_argument("--root", default=str(ROOT), help="the project folder (default: this repository)")
    parser.add_argument("--site", default=None, help="where the finished site goes (default: site/ in the project)")
    parser.add_argument("--address", default="127.0.0.1:8000", help="where serve listens (default: 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.command == "serve":
        return serve(root, args.address)
    return build(root, Path(args.site) if args.site else root / "site")


if __name__ == "__main__":
    sys.exit(main())

"""The command line: ``factsheet check | render | quotes | schema | new``."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from factsheet.diagnostics import FactsheetError, UnknownReferenceError, ordered


def _print_diagnostics(items) -> None:
    for item in ordered(items):
        print(item, file=sys.stderr)


def _settings(args):
    from factsheet.load.settings import load_settings

    config = Path(args.config) if args.config else Path(args.base or Path(args.facts).parent) / "mkdocs.yml"
    return load_settings(config)


def _docs_folder(args) -> Path | None:
    """The authored pages to check: ``--docs``, else ``docs`` beside the facts folder if there is one; ``--docs ''`` is none."""
    if args.docs is not None:
        return Path(args.docs) if args.docs else None
    default = Path(args.facts).parent / "docs"
    return default if default.is_dir() else None


def cmd_check(args) -> int:
    """Validate the facts folder and the authored pages' prose; exit 1 on any error (or warning with --strict)."""
    from factsheet.check.prose import check_docs
    from factsheet.load.loader import load

    sheet, report = load(args.facts, args.base, _settings(args).vocabulary())
    docs = _docs_folder(args)
    if docs is not None:
        check_docs(docs, Path(args.base) if args.base else Path(args.facts).parent, report)
    _print_diagnostics(report.items)
    errors, warnings = len(report.errors), len(report.warnings)
    if sheet is None:
        print(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}", file=sys.stderr)
        return 1
    quotes = sum(len(f.citations) for f in sheet.facts.values())
    print(f"ok: {len(sheet.facts)} facts, {quotes} citations, {len(sheet.sources)} sources, "
          f"{len(sheet.entities)} entities, {len(sheet.topics)} topics, {len(sheet.charts)} charts; "
          f"{warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if args.strict and warnings else 0


def cmd_render(args) -> int:
    """Write the generated pages and downloads to a folder as plain Markdown and files."""
    from factsheet.build import generate
    from factsheet.model.urls import Site

    settings = _settings(args)
    site = Site(args.site_url, not args.no_directory_urls, args.title, settings.report_url,
                settings.single_fact_entities == "folded")
    out = generate(args.facts, site, args.base, settings.vocabulary(), parallel=True)  # a second core where there is one
    _print_diagnostics(out.warnings)
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".render-", dir=target.parent))
    try:
        if args.docs:
            shutil.copytree(args.docs, staging, dirs_exist_ok=True)
            from factsheet.render.expand import expand_docs

            expand_docs(staging, out.sheet, site)
        for rel, page in out.pages.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.markdown(), encoding="utf-8")
        for rel, data in out.files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(f"wrote {len(out.pages)} pages and {len(out.files)} files to {target}")
    return 0


def cmd_quotes(args) -> int:
    """Check every quote is verbatim in the stored capture of the article it cites."""
    from factsheet.check.quotes import check_quotes
    from factsheet.load.loader import load

    sheet, report = load(args.facts, args.base, _settings(args).vocabulary())
    if sheet is None:
        _print_diagnostics(report.items)
        return 1
    result = check_quotes(sheet, Path(args.articles))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for warning in result.copied:
        print(warning, file=sys.stderr)
    print(f"{result.matched}/{result.total} quotes matched; "
          f"{len(result.copied)} claim{'s' if len(result.copied) != 1 else ''} copying their article")
    return 0 if result.matched == result.total and not result.problems and not result.copied else 1


def cmd_schema(args) -> int:
    """Write the JSON Schemas of the fact files."""
    from factsheet.export.jsonschema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    if args.reference:
        from factsheet.export.reference import update

        page = Path(args.reference)
        page.write_text(update(page.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated the field tables of {page}")
    return 0


def cmd_new(args) -> int:
    """Write a new fact sheet from the package's templates into a new or empty folder."""
    import importlib.util
    import shlex

    from factsheet.scaffold import ScaffoldError, create

    try:
        made = create(Path(args.dir), args.title, registries=args.registries)
    except ScaffoldError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    print(f"wrote {len(made.files)} files to {made.folder}:")
    for rel in made.files:
        print(f"  {rel}")
    if not made.requirement_known:
        print(f"\nrequirements.txt installs factsheet as {made.requirement!r}: factsheet was installed from a local "
              "folder here, so change that line to where CI can install it from (its comment says how)")
    print("\nnext:")
    print(f"  cd {shlex.quote(str(made.folder))}")
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        print("  pip install -r requirements.txt   # MkDocs and Material are not installed with this factsheet")
    print("  factsheet check --strict   # validate facts/ and docs/")
    print("  mkdocs serve               # preview at http://127.0.0.1:8000")
    print("  mkdocs build               # the site into site/")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``factsheet`` command."""
    parser = argparse.ArgumentParser(prog="factsheet", description="Validate and render YAML fact sheets.")
    parser.add_argument("--facts", default="facts", help="facts folder (default: facts)")
    parser.add_argument("--base", default=None, help="folder that paths in messages are relative to (default: the facts folder's parent)")
    parser.add_argument("--config", default=None, help="site configuration whose extra.factsheet settings apply "
                        "(default: mkdocs.yml in the facts folder's parent, if there is one)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the fact files")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--docs", default=None, help="authored Markdown pages whose prose to check for bare figures "
                       "(default: docs beside the facts folder, if there is one; '' for none)")
    check.set_defaults(func=cmd_check)
    render = sub.add_parser("render", help="write the generated pages as plain Markdown to a folder")
    render.add_argument("--out", required=True, help="output folder (replaced)")
    render.add_argument("--docs", default=None, help="also copy this folder of authored pages, with fact references expanded")
    render.add_argument("--site-url", default="", help="absolute address of the site, for permalinks")
    render.add_argument("--title", default="Fact sheet", help="site title, for citations")
    render.add_argument("--no-directory-urls", action="store_true", help="link to page.html instead of page/")
    render.set_defaults(func=cmd_render)
    quotes = sub.add_parser("quotes", help="check quotes are verbatim in stored article captures")
    quotes.add_argument("--articles", required=True, help="folder with the captures named in sources' capture field")
    quotes.set_defaults(func=cmd_quotes)
    schema = sub.add_parser("schema", help="write JSON Schemas for editors")
    schema.add_argument("--out", default="schema", help="output folder (default: schema)")
    schema.add_argument("--reference", default=None, help="also regenerate the field tables of this format reference page")
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser("new", help="start a new fact sheet in a new or empty folder")
    new.add_argument("dir", help="the folder to create (must not exist, or be empty)")
    new.add_argument("--title", default="Fact sheet", help="the site's name (default: Fact sheet)")
    new.add_argument("--registries", choices=["files", "folders"], default="files",
                     help="sources and entities as one file each (facts/sources.yml; the default) or as folders of "
                          "files (facts/sources/*.yml), for a team that adds entries in files of their own")
    new.set_defaults(func=cmd_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FactsheetError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = [d for d in exc.diagnostics if d.severity == "error"]
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''}", file=sys.stderr)
        return 1
    except UnknownReferenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

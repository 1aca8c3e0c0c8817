"""``factsheet new DIR``: a working fact sheet to start from, written from the package's templates.

The templates are package data in ``factsheet/skeleton/`` (plain files; names
starting ``dot-`` are written with a leading dot, as package data skips
dotfiles). Placeholders ``@@NAME@@`` are filled in: the title, today's date,
the package version and the ``requirements.txt`` line that installs this
factsheet. The editor JSON Schemas are generated from the engine into
``schema/``, so they match the installed version.

With ``registries="folders"`` the sources and entities registries are
written as folders of files (``facts/sources/shipping.yml``, ...) instead
of ``facts/sources.yml``: the layout for a team, where each desk or editor
adds entries to a file of their own.

Everything is written into a hidden sibling folder first, then renamed to
DIR in one step: a failure leaves no half-written sheet. DIR must not exist,
or be an empty folder.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from factsheet import __version__
from factsheet.export.jsonschema import write_schemas

SKELETON = Path(__file__).resolve().parent / "skeleton"
DOT_PREFIX = "dot-"
DEFAULT_TITLE = "Fact sheet"
REGISTRY_LAYOUTS = ("files", "folders")
# Where each registry template goes in the "folders" layout: a first file of the registry's folder.
FOLDER_FILES = {"facts/sources.yml": "facts/sources/shipping.yml", "facts/entities.yml": "facts/entities/shipping.yml"}
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/"
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


class ScaffoldError(Exception):
    """DIR or the title cannot be used; nothing was written."""


@dataclass(frozen=True)
class Scaffold:
    """What :func:`create` wrote."""

    folder: Path
    files: list[str]          # relative paths, sorted
    requirement: str          # the factsheet line of requirements.txt
    requirement_known: bool   # False when it is a placeholder to change (factsheet was installed from a local folder)


def requirement(version: str = __version__) -> tuple[str, bool]:
    """The requirements line that installs this factsheet with its ``site`` extra, and whether it is more than a guess.

    Read from the installed distribution (PEP 610 ``direct_url.json``): a git
    install gives its address at the installed commit, a download its address,
    an index install the version; a local folder or wheel (editable or not)
    gives a placeholder to change.
    """
    placeholder = f"factsheet[site] @ git+https://github.com/OWNER/factsheet@v{version}"
    try:
        dist = metadata.distribution("factsheet")
    except metadata.PackageNotFoundError:
        return placeholder, False
    text = dist.read_text("direct_url.json")
    if text is None:
        return f"factsheet[site]=={dist.version}", True
    try:
        info = json.loads(text)
    except ValueError:
        return placeholder, False
    url = info.get("url", "") if isinstance(info, dict) else ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http", "ssh") or (parts.password or parts.username not in (None, "git")):
        return placeholder, False  # a local path, or an address with credentials that must not be written out
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id"):
        return f"factsheet[site] @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}", True
    if isinstance(info.get("archive_info"), dict):
        return f"factsheet[site] @ {url}", True
    return placeholder, False


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("the title is empty")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in title):
        raise ScaffoldError("the title has control characters")
    return title


def _check_target(target: Path) -> None:
    if target.is_symlink():
        raise ScaffoldError(f"{target} is a symbolic link; give a new folder")
    if target.exists():
        if not target.is_dir():
            raise ScaffoldError(f"{target} exists and is not a folder; give a new folder")
        if any(target.iterdir()):
            raise ScaffoldError(f"{target} exists and is not empty; give a new or empty folder")


def _templates() -> list[tuple[Path, str]]:
    """Each template file and the relative path it is written to."""
    found = []
    for path in sorted(SKELETON.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        parts = path.relative_to(SKELETON).parts
        found.append((path, "/".join("." + p[len(DOT_PREFIX):] if p.startswith(DOT_PREFIX) else p for p in parts)))
    return found


def create(target: Path, title: str = DEFAULT_TITLE, today: datetime.date | None = None,
           registries: str = "files") -> Scaffold:
    """Write a new fact sheet into ``target`` (absent or an empty folder); raises ScaffoldError, writing nothing.

    ``registries`` is "files" (``facts/sources.yml``) or "folders" (``facts/sources/shipping.yml``).
    """
    target = Path(target)
    title = _title(title)
    if registries not in REGISTRY_LAYOUTS:
        raise ScaffoldError(f"registries must be one of {', '.join(REGISTRY_LAYOUTS)}, not {registries!r}")
    _check_target(target)
    line, known = requirement()
    values = {
        "TITLE": title,
        "TITLE_YAML": json.dumps(title, ensure_ascii=False),  # a JSON string is a YAML double-quoted scalar
        "TODAY": (today or datetime.date.today()).isoformat(),
        "VERSION": __version__,
        "REQUIREMENT": line,
    }
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{target.name}.new-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        written = []
        for source, rel in _templates():
            text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], source.read_text(encoding="utf-8"))
            if registries == "folders" and rel in FOLDER_FILES:
                rel = FOLDER_FILES[rel]
                text = text.replace(SCHEMA_LINE, "# yaml-language-server: $schema=../../schema/", 1)
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(rel)
        written += [p.relative_to(staging).as_posix() for p in write_schemas(staging / "schema")]
        _check_target(target)  # still absent or empty
        if target.exists():
            target.rmdir()
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Scaffold(target, sorted(written), line, known)

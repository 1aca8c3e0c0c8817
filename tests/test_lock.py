"""The locks pin the whole dependency tree with hashes, and agree with the pins editors and maintainers edit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file (not following ``-r``)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[_name(match[1])] = match[2]
    return found


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Each package of a lock: its version and its hashes."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = _name(match[1])
            entries[current] = (match[2], [])
        elif current and "--hash=sha256:" in line:
            entries[current][1].append(line.split("--hash=sha256:")[1].split()[0])
    return entries


LOCKS = ["requirements.lock", "requirements-test.lock", "requirements-properdocs.lock", "requirements-zensical.lock"]


@pytest.mark.parametrize(("pinned", "lock"), [(lock.replace(".lock", ".txt"), lock) for lock in LOCKS])
def test_every_pin_is_locked_at_its_version(pinned, lock):
    """What requirements*.txt pins is what the lock installs (run `make lock` after changing a pin)."""
    entries = locked(ROOT / lock)
    for name, version in pins(ROOT / pinned).items():
        assert name in entries, f"{name} is pinned in {pinned} but not in {lock}: run make lock"
        assert entries[name][0] == version, f"{name}: {version} in {pinned}, {entries[name][0]} in {lock}: run make lock"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_has_a_hash(lock):
    """pip's --require-hashes refuses a lock with an unhashed entry; so does this test, before an install does."""
    entries = locked(ROOT / lock)
    assert len(entries) > len(pins(ROOT / lock.replace(".lock", ".txt")))  # transitive packages are locked too
    for name, (_version, hashes) in entries.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


def test_the_test_lock_keeps_the_runtime_versions():
    """Tests run on exactly what the site is built with."""
    runtime, test = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-test.lock")
    assert {name: entry[0] for name, entry in runtime.items()} == {name: test[name][0] for name in runtime}


@pytest.mark.parametrize("lock", ["requirements-properdocs.lock", "requirements-zensical.lock"])
def test_a_builder_lock_keeps_the_runtime_versions(lock):
    """ProperDocs and Zensical install what they share with the MkDocs build at the same versions (one .venv holds them all)."""
    runtime, builder = locked(ROOT / "requirements.lock"), locked(ROOT / lock)
    assert {name: entry[0] for name, entry in builder.items() if name in runtime} == \
           {name: runtime[name][0] for name in builder if name in runtime}


def test_make_installs_from_the_locks_with_hashes():
    """The Makefile installs every package from a lock, hash-checked, and the package itself without fetching anything."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line.strip() for line in makefile.splitlines() if "pip install" in line and "uv" not in line]
    assert installs, "no pip install in the Makefile"
    for line in installs:
        assert ("--require-hashes --no-deps -r requirements" in line and ".lock" in line) or \
               ("--no-deps --no-build-isolation -e ." in line), line

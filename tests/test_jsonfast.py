"""The fast indented JSON writer and the relative-path helper give exactly what the standard library gives."""

from __future__ import annotations

import itertools
import json
import posixpath

import pytest

from factsheet.export.jsonfast import dumps_indented
from factsheet.model.urls import _relpath

VALUES = [
    {}, [], (), {"a": []}, {"a": {}}, 3, -7, 2.5, -0.0, 1e20, 1e-7, True, False, None, "s",
    ["é\n\"\\\u2028\x00x", {"k": [[1, [2, {}]], {"x": None}]}],
    {"nested": {"deeper": {"list": [1, 2.0, "three", None, True]}}},
    float("nan"), [float("inf")], {1: "int key"}, {"t": (1, 2)},
]


@pytest.mark.parametrize("indent", [0, 1, 2, 4])
@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_indented_json_is_byte_identical_to_the_standard_library(value, indent):
    """dumps_indented(v, n) == json.dumps(v, ensure_ascii=False, indent=n), falling back where it must."""
    assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_relative_paths_match_posixpath():
    """Site-relative paths relate to each other as posixpath.relpath says, odd ones included."""
    segments = ["a", "b", "topics", "facts.json"]  # one-letter and longer folder names, a file name; up to three deep
    paths = ["."] + ["/".join(p) + end for n in (1, 2, 3) for p in itertools.product(segments, repeat=n) for end in ("", "/")]
    starts = ["."] + ["/".join(p) for n in (1, 2, 3) for p in itertools.product(segments, repeat=n)]
    odd = ["../x", "a/../b", "./a", "a//b", "/abs/x"]
    for path, start in itertools.product(paths + odd, starts + odd):
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)

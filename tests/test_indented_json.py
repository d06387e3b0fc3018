"""`reusecheck.indented_json.dumps` writes what ``json.dumps(value, indent=2,
ensure_ascii=False, allow_nan=False)`` writes."""

from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict
from typing import Any

import pytest
from helpers import REPUBLISHED, REUTERS

from reusecheck.engine import check
from reusecheck.formats import report_dict
from reusecheck.indented_json import dumps


def expected(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


class Level(enum.IntEnum):
    HIGH = 2


class Name(str):
    pass


VALUES = [
    {}, [], (), "", 0, -7, 10**30, 0.1, -0.0, 1e300, 2.5e-10, True, False, None,
    "quote \" backslash \\ tab \t newline \n nul \x00 bell \x07 del \x7f é 中文 \u2028 \ud83d\ude00",
    {"a": [], "b": {}, "c": [1, [2, [3, {}]]], "d": {"e": {"f": None}}, "": "", "ü": "x"},
    [{"x": 1.5}, {"y": [True, False, None]}, [], [[]], [{}]],
    {1: "int key", 2.5: "float key", False: "bool key", None: "none key"},
    ("tuple", ("nested",)),
    [Level.HIGH, Name("subclass"), OrderedDict(b=1, a=[Name("x")])],
]


@pytest.mark.parametrize("value", VALUES)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps(value) == expected(value)


def test_a_report_is_written_as_json_dumps_writes_it() -> None:
    value = report_dict(check([str(REPUBLISHED)], [str(REUTERS)]))
    assert dumps(value) == expected(value)


@pytest.mark.parametrize("value", [math.nan, [math.inf], {"x": -math.inf}])
def test_nan_and_infinity_are_refused(value: Any) -> None:
    with pytest.raises(ValueError):
        expected(value)
    with pytest.raises(ValueError):
        dumps(value)


@pytest.mark.parametrize("value", [object(), {"x": {1, 2}}, {(1, 2): "tuple key"}, b"bytes"])
def test_other_types_are_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        expected(value)
    with pytest.raises(TypeError):
        dumps(value)

"""Derived facts: figures the sheet computes from other facts' figures.

A fact with ``derived:`` takes its number from the facts it names, in order::

    - id: parts-of-total-since-2022
      claim: The two reported parts of the total add up to $8 billion.
      figure: {value: 8, unit: USD, scale: billion}   # optional: checked against the arithmetic
      derived: {op: sum, of: [machine-tools-value-since-2022, microchips-value-since-2022]}

``sum`` adds the figures; ``difference`` takes the first minus the rest;
``share`` gives the first as a percentage of the second. Inputs must share a
unit (scales are converted); a share's figure is in percent. A stated value
must equal the result rounded to the stated precision (``8`` matches 8.0 and
8.4; ``8.0`` matches neither 8.06 nor 7.94). Without a stated value, the
result is the figure. Inputs may themselves be derived; a loop is an error.
"""

from __future__ import annotations

import math
from decimal import Decimal

from factsheet.diagnostics import Report
from factsheet.model import SCALES, Fact, Figure

_SIGNIFICANT = 12  # 3.1 + 4.9 is 8, not 8.000000000000002


def _factor(figure: Figure) -> float:
    return SCALES.get(figure.scale or "", 1.0)


def _round(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    digits = _SIGNIFICANT - int(math.floor(math.log10(abs(value)))) - 1
    rounded = round(value, digits)
    return float(int(rounded)) if float(rounded).is_integer() else rounded


def _decimals(value: float) -> int:
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def matches(stated: float, computed: float) -> bool:
    """Whether a stated value is the computed one, rounded to the stated precision."""
    places = _decimals(stated)
    return abs(stated - computed) <= 0.5 * 10 ** -places + 1e-9 * max(1.0, abs(computed))


def _at(report: Report, pos: tuple, message: str) -> None:
    report.error(pos[0], pos[1], pos[2], message)


def derive_all(facts: dict[str, Fact], report: Report, unknown=None) -> None:
    """Compute every derived fact's figure (inputs first), reporting unknown inputs, loops, unit clashes and wrong sums."""
    state: dict[str, int] = {}  # 1: in progress, 2: done (figure set, or failed and reported)
    for fact in facts.values():
        if fact.derived is None or fact.id in state:
            continue
        # An explicit stack, so a chain of any length cannot reach Python's recursion limit.
        stack = [(fact, iter(fact.derived.of))]
        state[fact.id] = 1
        while stack:
            current, pending = stack[-1]
            child_id = next(pending, None)
            if child_id is None:
                stack.pop()
                _compute(current, facts, report, unknown)
                state[current.id] = 2
                continue
            child = facts.get(child_id)
            if child is None or child.derived is None:
                continue
            if state.get(child_id) == 1:
                trail = " -> ".join([f.id for f, _ in stack] + [child_id])
                _at(report, current.derived.pos, f"fact '{current.id}': derived facts form a loop: {trail}")
                continue
            if child_id not in state:
                state[child_id] = 1
                stack.append((child, iter(child.derived.of)))


def _compute(fact: Fact, facts: dict[str, Fact], report: Report, unknown=None) -> None:
    derivation = fact.derived
    inputs = []
    for input_id in derivation.of:
        source = facts.get(input_id)
        if source is None:
            if unknown is None or unknown(input_id):  # an input in a file that could not be read has its own error
                _at(report, derivation.pos, f"fact '{fact.id}' is derived from an unknown fact '{input_id}'")
        elif input_id == fact.id:
            _at(report, derivation.pos, f"fact '{fact.id}' cannot be derived from itself")
        elif source.figure is None or source.figure.value is None:
            _at(report, derivation.pos, f"fact '{fact.id}' is derived from '{input_id}', which has no figure")
        elif source.figure.value_max is not None:
            _at(report, derivation.pos, f"fact '{fact.id}' is derived from '{input_id}', whose figure is a range")
        elif source.withdrawn is not None:
            _at(report, derivation.pos, f"fact '{fact.id}' is derived from '{input_id}', which is withdrawn")
        else:
            inputs.append(source)
    if len(inputs) != len(derivation.of):
        return
    units = sorted({f.figure.unit for f in inputs})
    if len(units) > 1:
        _at(report, derivation.pos, f"fact '{fact.id}': a {derivation.op} needs inputs in one unit, got {', '.join(units)}")
        return
    try:
        base = [float(f.figure.value) * _factor(f.figure) for f in inputs]
    except OverflowError:
        _at(report, derivation.pos, f"fact '{fact.id}': an input's value is too large to compute with")
        return
    if not all(math.isfinite(b) for b in base):
        _at(report, derivation.pos, f"fact '{fact.id}': an input's value is too large to compute with")
        return
    if derivation.op == "share":
        if len(inputs) != 2:
            _at(report, derivation.pos, f"fact '{fact.id}': a share takes two facts (the part, then the whole)")
            return
        if base[1] == 0:
            _at(report, derivation.pos, f"fact '{fact.id}': the whole ('{inputs[1].id}') is zero")
            return
        unit, scale, value = "percent", None, base[0] / base[1] * 100
    else:
        total = sum(base) if derivation.op == "sum" else base[0] - sum(base[1:])
        unit = units[0]
        scale = fact.figure.scale if fact.figure is not None else inputs[0].figure.scale
        value = total / SCALES.get(scale or "", 1.0)
    value = _round(value)
    derivation.computed = value
    figure = fact.figure
    if figure is None:
        qualifier = "exact" if all(f.figure.qualifier == "exact" for f in inputs) else "approximately"
        fact.figure = Figure(value=value, unit=unit, pos=derivation.pos, scale=scale, qualifier=qualifier)
        return
    if figure.unit != unit:
        _at(report, figure.pos, f"fact '{fact.id}': the {derivation.op} of its inputs is in {unit}, not {figure.unit}")
        return
    if figure.value is None:
        figure.value = value
        figure.scale = scale
    elif not matches(figure.value, value):
        shown = f"{value:g}" + (f" {scale}" if scale else "")
        _at(report, figure.pos, f"fact '{fact.id}': the stated value {figure.value:g} does not match the "
                                f"{derivation.op} of {', '.join(derivation.of)}, which is {shown}")

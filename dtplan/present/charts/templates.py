"""Vega-Lite specs built once per layout: a chart whose structure does not depend on its figures is
built the first time and then only its dataset is swapped (Altair takes ~0.15 s for the 21 gauges)."""

from __future__ import annotations

import copy
import threading

import pandas as pd


def with_data(key: tuple, frame: pd.DataFrame, build) -> dict:
    """A copy of the spec cached under `key` (built by `build()` the first time) with `frame` as its one
    dataset: for charts whose structure does not depend on the figures (tests/pages/test_charts.py
    compares every such spec with a fresh build)."""
    with _TEMPLATES_LOCK:
        template = _TEMPLATES.get(key)
    if template is None:
        template = build().to_dict(validate=False)
        with _TEMPLATES_LOCK:
            if len(_TEMPLATES) > 64:
                _TEMPLATES.clear()
            _TEMPLATES[key] = template
    spec = copy.deepcopy(template)
    (name,) = spec["datasets"]
    spec["datasets"][name] = frame.to_dict("records")
    return spec


_TEMPLATES: dict[tuple, dict] = {}
_TEMPLATES_LOCK = threading.Lock()

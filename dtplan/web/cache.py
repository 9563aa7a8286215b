"""Cached reads and chart specs. A read is keyed by the database URL, the time of the last import (so a
new import shows at once), the read function's qualified name, the scope and the arguments: a rerun that
changes nothing reads nothing. A chart's Vega-Lite spec is built once per distinct input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dtplan import store
from dtplan.domain.access import Scope, province_scope
from dtplan.read.kpis import default_as_of
from dtplan.web.resources import catalog_for, engine_for

T = TypeVar("T")


def data_version() -> str:
    return _data_version_for(store.database_url())


@st.cache_data(show_spinner=False, ttl=10)
def _data_version_for(url: str) -> str:
    return str(store.last_import_at(engine_for(url), province_scope(catalog_for(url))))


def qualified_name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


# The function itself is not hashed (a leading underscore tells Streamlit so): its qualified name keys it.
@st.cache_data(show_spinner=False, ttl=600, max_entries=1000)
def _read_for(url: str, version: str, name: str, _read: Callable, scope: Scope, args: tuple, kwargs: tuple) -> Any:
    return _read(engine_for(url), catalog_for(url), scope, *args, **dict(kwargs))


def view(read: Callable[..., T], scope: Scope, *args, **kwargs) -> T:
    """read(engine, catalog, scope, *args, **kwargs) — a read of dtplan.read — cached until the next import
    (treat the result as read-only)."""
    kw = tuple(sorted(kwargs.items()))
    return _read_for(store.database_url(), data_version(), qualified_name(read), read, scope, args, kw)


def cached_default_as_of(scope: Scope) -> str:
    return view(default_as_of, scope)


def last_import(scope: Scope):
    return _last_import_for(store.database_url(), data_version(), scope)


@st.cache_data(show_spinner=False, ttl=600)
def _last_import_for(url: str, version: str, scope: Scope):
    return store.last_import_at(engine_for(url), scope)


@st.cache_data(show_spinner=False, max_entries=500)
def _chart_spec(name: str, _build: Callable, args: tuple, kwargs: tuple) -> dict:
    from dtplan.present import charts

    # Building an Altair chart and validating it costs far more than drawing it: keep the plain spec, and
    # build without Altair's check of every object as it is made (half of a page's rerun). The specs are
    # checked against the Vega-Lite schema by the tests instead (tests/pages/test_charts.py).
    with charts.unchecked():
        built = _build(*args, **dict(kwargs))
        # A chart whose structure is fixed by its layout has a <builder>_spec that only swaps the data.
        return built if isinstance(built, dict) else built.to_dict(validate=False)


def chart(
    build: Callable[..., Any],
    *args,
    key: str,
    on_select: str = "ignore",
    selection_mode: str | None = None,
    container: Any = None,
    **kwargs,
) -> Any:
    """Draw build(*args, **kwargs) — a builder of dtplan.present.charts: an Altair chart, or a `*_spec`
    returning the spec itself — cached per input; returns the selection state with on_select."""
    spec = _chart_spec(qualified_name(build), build, args, tuple(sorted(kwargs.items())))
    target = container if container is not None else st
    if on_select == "ignore":
        return target.vega_lite_chart(spec, key=key)
    return target.vega_lite_chart(spec, key=key, on_select=on_select, selection_mode=selection_mode)

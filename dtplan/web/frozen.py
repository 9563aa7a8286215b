"""Read-only values for the process-wide cache: one read model is handed to every session of the process,
so none of them may change it. `freeze` turns dicts and lists into dict and list subclasses whose every
mutating method raises, DataFrames into read-only copies, and leaves immutable values as they are.

They stay a dict and a list (json, pandas, isinstance checks and `r["code"]` work unchanged); a copy
(`dict(r)`, `list(rows)`, `rows[:5]`, `copy.copy`) is an ordinary, mutable one.
"""

from __future__ import annotations

import copy
from typing import Any


class ReadOnlyError(TypeError):
    pass


def _refuse(self, *args, **kwargs):
    raise ReadOnlyError(f"a shared read model is read-only ({type(self).__name__}): copy it first")


class FrozenDict(dict):
    """A dict that cannot be changed."""

    __slots__ = ()
    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo) -> dict:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self):
        return (dict, (dict(self),))


class FrozenList(list):
    """A list that cannot be changed (slices and `+` give ordinary lists)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __copy__(self) -> list:
        return list(self)

    def __deepcopy__(self, memo) -> list:
        return [copy.deepcopy(value, memo) for value in self]

    def __reduce__(self):
        return (list, (list(self),))


KEPT = (str, int, float, bool, bytes, type(None), frozenset, range, FrozenDict, FrozenList)


def freeze(value: Any) -> Any:
    """A read-only version of `value` (containers converted all the way down)."""
    if isinstance(value, KEPT):
        return value
    if isinstance(value, dict):
        return FrozenDict((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list):
        return FrozenList(freeze(item) for item in value)
    if isinstance(value, tuple):
        frozen = tuple(freeze(item) for item in value)
        return type(value)(*frozen) if hasattr(value, "_fields") else frozen
    if isinstance(value, set):
        return frozenset(value)
    return value  # dates, Scope, frozen dataclasses, enums: immutable already

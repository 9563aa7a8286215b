"""The bounds a stored report value must keep: the largest figure and the lengths of bounded text.

One home for both sides: the import checks (dtplan.ingest.bounds) refuse a file's cell that breaks them,
and the schema (dtplan.store.models) holds the same numbers as column lengths and CHECK constraints.
"""

from __future__ import annotations

# The largest numerator or denominator accepted. A province-wide count (dossiers, documents, households)
# stays far below a million million; anything above is a typing or export error, and float64 sums of
# values this size over millions of rows stay exact to well under one unit. As a CHECK in the database it
# also refuses Infinity and NaN, so no view can ever meet them.
MAX_FIGURE = 1e12
MAX_FIGURE_TEXT = "1.000.000.000.000"  # the same, with Vietnamese thousands grouping

# A task's progress is a percentage.
MAX_PROGRESS = 100

# Lengths of the bounded text columns. Free text (notes, titles, products, sections) is unbounded.
CODE_LENGTH = 16  # unit and KPI codes
TASK_CODE_LENGTH = 32

"""The command line of contract §5: `python -m dtplan COMMAND ...` (or `dtplan COMMAND ...`).

Exit codes: 0 done; 1 refused input (import errors and the like); 2 a wrong call (bad option,
unknown unit, month outside the plan year). Errors go to stderr in Vietnamese, never a traceback.

main (parser, dispatch, exit codes) · common (what commands share) · one module per command group:
setup (init), reports (summary, tasks, compliance), imports (import, template), users (users, audit),
exports (export).
"""

from dtplan.cli.main import main, main_entry

__all__ = ["main", "main_entry"]

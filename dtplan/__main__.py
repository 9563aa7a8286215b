"""`python -m dtplan COMMAND ...`: the command line (dtplan.cli)."""

import sys

from dtplan.cli import main

sys.exit(main(own_process=True))

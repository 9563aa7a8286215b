import sys

from dtplan.cli import main

sys.exit(main())

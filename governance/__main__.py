"""``python -m governance ...``: the command line lives in governance/cli/ (see its
__init__ for which module holds which command); this runs governance.cli.main.main."""

from __future__ import annotations

import sys

from governance.cli.main import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())

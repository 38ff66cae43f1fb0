"""``python -m harness`` runs the demo."""

import sys

from harness.demo import main

sys.exit(main())

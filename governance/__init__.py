"""AWS account governance baseline: control catalog, read-only collector, checks, reports.

Nothing here creates an AWS client at import time: sessions are passed in.
"""

__version__ = "0.1.0"

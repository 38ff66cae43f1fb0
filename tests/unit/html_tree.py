"""Moved to tests/support/html_tree.py (the unit and seeded tiers both read reports with it):
re-exported here for the importers not yet changed (tests/seeded/test_organization_audit.py,
tests/unit/test_evidence_document.py, test_rollup_html.py, test_rollup_document.py)."""

from tests.support.html_tree import Element as Element
from tests.support.html_tree import parse as parse

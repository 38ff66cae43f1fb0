"""What the Prowler comparison covers and where things live: the regions both tools read,
the CIS editions compared (our framework key -> Prowler's compliance id), Prowler's pinned
version and virtual environment, and the results folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
JUDGEMENTS = Path(__file__).with_name("judgements.toml")
PROWLER_VENV = ROOT / ".venv-prowler"
PROWLER = PROWLER_VENV / "bin" / "prowler"
# Same pin as the Makefile's bench-prowler target.
PROWLER_SPEC = "prowler>=5.40,<6"
# Our framework key -> Prowler's compliance id, for each edition compared (judgements.toml).
V3, V7 = "cis_aws_v3", "cis_aws_v7"
PROWLER_IDS = {V3: "cis_3.0_aws", V7: "cis_7.0_aws"}
REGIONS = ("us-east-1", "eu-west-1")
# Any https request (a real AWS endpoint, a version check) goes to a closed port and fails.
CLOSED_PORT = "http://127.0.0.1:9"

"""The suite's final check (conftest.py, moto_sandbox teardown): after the last test, every
sandbox account Terraform applied to is listed for resources moto can delete; any fails
the run with the list. Proved on a nested pytest: one account left with resources, one
holding only a KMS key pending deletion (which moto cannot delete further)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

CASES = Path(__file__).with_name("leftover_cases.py")


def test_leftovers_fail_the_run_with_the_list(pytester):
    result = pytester.run(sys.executable, "-m", "pytest", str(CASES), "-p", "no:xdist", "-q",
                          "-s", f"--basetemp={pytester.path / 'nested'}", timeout=300)
    output = "\n".join(result.outlines)
    assert result.ret == 1, output
    result.assert_outcomes(passed=2, errors=1)  # both tests passed; the final check failed
    accounts = dict(re.findall(r"(dirty|clean) account (\d{12})", output))
    assert "resources left in sandbox accounts after their stacks were destroyed" in output
    # The list as the teardown error prints it; pytest repeats it untruncated in the short
    # summary when CI is set, so read only the first block.
    first = next(i for i, line in enumerate(result.outlines)
                 if line.startswith("resources left in sandbox accounts"))
    listed = []
    for line in result.outlines[first + 1:]:
        if not re.match(r"\s+\d{12}: ", line):
            break
        listed.append(line.strip())
    assert sorted(listed) == sorted([
        f"{accounts['dirty']}: global: iam user forgotten-user",
        f"{accounts['dirty']}: global: s3 bucket forgotten-{accounts['dirty']}",
        f"{accounts['dirty']}: eu-west-1: sns topic "
        f"arn:aws:sns:eu-west-1:{accounts['dirty']}:forgotten-topic",
    ]), output
    assert accounts["clean"] not in "\n".join(listed)

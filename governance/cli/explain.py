"""``python -m governance explain ID`` (where a control's files are) and ``explain --markdown``
(every control: docs/CONTROLS.md), both from governance/explain.py."""

from __future__ import annotations

import argparse

from governance.cli.options import EXIT_PASS, UsageError


def run_explain(args: argparse.Namespace) -> int:
    """Print one control's explanation, or with ``--markdown`` every control's; exit 0. An
    unknown id is a UsageError (its one line names the closest ids)."""
    from governance.explain import UnknownControl, controls_markdown, explain_text

    if args.markdown:
        if args.control_id:
            raise UsageError("explain takes a control id or --markdown, not both")
        _print(controls_markdown())
        return EXIT_PASS
    if not args.control_id:
        raise UsageError("explain needs a control id (python -m governance explain ID) or "
                         "--markdown")
    try:
        text = explain_text(args.control_id)
    except UnknownControl as error:
        raise UsageError(" ".join(str(error).split())) from error
    _print(text)
    return EXIT_PASS


def _print(text: str) -> None:
    """``text`` on stdout, ending in exactly one newline (``> docs/CONTROLS.md`` as generated)."""
    print(text.rstrip("\n"))

"""The command line, ``python -m governance <command>``: one module per command.

- parser.py: the argparse definitions of every command and flag (``--help`` text).
- options.py: what the commands share: UsageError (one line, exit 2), the exit codes, the
  checks of common flags (regions, --controls/--framework, --exceptions) and the caller's
  session.
- audit.py: ``audit`` of one account (live or ``--from-snapshot``) through governance/audit.py.
- organization.py: ``audit --organization`` / ``--resume`` and ``audit-account`` (one unit).
- rollup.py: ``rollup DIR``.  adopt.py: ``adopt``.  explain.py: ``explain ID``.
- main.py: :func:`governance.cli.main.main`, which parses, dispatches and turns every error
  into one line.
"""

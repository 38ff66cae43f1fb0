"""Audit of a whole AWS Organization: list the accounts, fan one unit of work out per account,
roll the results up from disk.

* :mod:`governance.organization.accounts`: the ACTIVE accounts, read through Organizations
  from the management (or a delegated administrator) account, with their OU path.
* :mod:`governance.organization.unit`: :func:`audit_account`, the unit of work: one plain,
  picklable function (account + plain settings in, a small summary out) that writes the
  account's evidence set to ``DIR/accounts/<id>/`` with a ``done`` marker last. Local
  threads, a Dask worker or one container per account run the same function.
* :mod:`governance.organization.run`: the executors (local threads, Dask distributed) and
  the progress line.
* :mod:`governance.organization.rollup`: rollup.json / .md / .junit.xml / .html from what
  is on disk.
"""

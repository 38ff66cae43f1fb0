"""Our audit against Prowler's CIS scans on the same moto accounts (``python -m bench.prowler``,
``make bench-prowler``; __main__.py says what it does and which flags it takes).

    scope.py           regions, editions compared, Prowler's pin and venv, results folder
    seed.py            the four moto accounts (every seeding-helper import in one block)
    run.py             running our CLI and Prowler against an account; moto's gaps; versions
    catalogs.py        both tools' copies of the CIS editions (items, same_as, Prowler checks)
    verdicts.py        each item's verdict by both tools on one scale, compared per account
    judgements.toml    which side is right in each kind of disagreement, and why (data)
    judge.py           reads judgements.toml; finds (or carries over) a disagreement's judgement
    report.py          bench/results/vs-prowler*.md and vs-prowler.json
    __main__.py        the command line: seed, run both tools, judge, write
"""

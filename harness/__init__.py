"""Test and demo harness: Terraform discovery and runs, the embedded moto AWS, disposable accounts.

Used by conftest.py, tests/, bench/ and ``make demo``; never by the governance engine.
"""

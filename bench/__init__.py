"""The benchmarks: each bench_*.py is a program run from the repository root (``make bench-*``);
bench/prowler/ is the comparison with Prowler (``python -m bench.prowler``); results go to
bench/results/."""

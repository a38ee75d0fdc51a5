"""Benchmarks (run by `make bench`: bench/run_all.py), not part of the test suite."""

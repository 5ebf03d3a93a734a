"""Reproducible benchmarks: `make bench` prints one table and compares it with the previous run."""

"""Reproducible benchmarks: `.venv/bin/python -m bench.<name>`; results in docs/benchmarks.md."""

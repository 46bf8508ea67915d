"""Reproducible benchmarks; each module runs with `.venv/bin/python -m bench.<name>`."""

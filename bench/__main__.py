"""Run every benchmark module in this folder (each has a ``main()``), one after the other."""

import importlib
import pkgutil
import sys

import bench


def run_all() -> int:
    failures = 0
    for module in sorted(m.name for m in pkgutil.iter_modules(bench.__path__)):
        if module.startswith("_") or module in {"settings", "urls"}:
            continue
        print(f"== bench.{module}", flush=True)
        failures += bool(importlib.import_module(f"bench.{module}").main([]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run_all())

"""`make bench`: runs every benchmark module in this folder, one after another."""

import pkgutil
import subprocess
import sys
from pathlib import Path

# Modules that configure the benchmarks rather than run one.
NOT_BENCHMARKS = {"settings", "urls"}

if __name__ == "__main__":
    folder = Path(__file__).parent
    modules = sorted(
        m.name
        for m in pkgutil.iter_modules([str(folder)])
        if not m.name.startswith("_") and m.name not in NOT_BENCHMARKS
    )
    failed = 0
    for module in modules:
        print(f"== bench.{module}", flush=True)
        # Each in its own process: each makes and drops its own database and servers.
        failed |= subprocess.call([sys.executable, "-m", f"bench.{module}"])
    sys.exit(failed)

"""`make bench`: runs every benchmark module in this folder, one after another."""

import pkgutil
import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    folder = Path(__file__).parent
    failed = 0
    for module in sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_")):
        print(f"== bench.{module}", flush=True)
        # Each in its own process: each makes and drops its own database.
        failed |= subprocess.call([sys.executable, "-m", f"bench.{module}"])
    sys.exit(failed)

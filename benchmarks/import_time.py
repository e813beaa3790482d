"""Import cost of the package, in fresh interpreters.

    python -m benchmarks.import_time [--runs 7]

Prints one table of medians (milliseconds):

- ``python -X importtime -c "import ringcentral_async"``: the cumulative figure for the
  package, as the issue defines it (goal < 150 ms);
- the same for ``import asyncio`` and ``import aiohttp`` alone, for scale: on a slow machine
  asyncio by itself takes a large share, and every asyncio application has paid it already;
- what ``import ringcentral_async`` adds on top of an already imported asyncio
  (``time.perf_counter`` around the import);
- first use: constructing a client and touching a namespace (loads aiohttp, cattrs and the
  models), also on top of asyncio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import ROOT, median, print_table

GOAL_MS = 150.0
TIMED = (
    "import asyncio, time\n"
    "t = time.perf_counter()\n"
    "{code}\n"
    "print((time.perf_counter() - t) * 1000)\n"
)


def _importtime(module: str) -> float:
    """Cumulative -X importtime figure of ``module`` (ms) in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    for line in proc.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module and parts[1].isdigit():
            return int(parts[1]) / 1000
    raise RuntimeError(f"no importtime line for {module}")


def _timed(code: str) -> float:
    """Wall-clock ms of ``code`` after asyncio is imported, in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", TIMED.format(code=code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return float(proc.stdout.strip())


def main(runs: int) -> None:
    package = median(_importtime("ringcentral_async") for _ in range(runs))
    rows = [
        (
            "-X importtime: import ringcentral_async",
            f"{package:.1f}",
            f"< {GOAL_MS:.0f} ms: {'met' if package < GOAL_MS else 'NOT met'}",
        ),
        (
            "-X importtime: import asyncio (for scale)",
            f"{median(_importtime('asyncio') for _ in range(runs)):.1f}",
            "",
        ),
        (
            "-X importtime: import aiohttp (for scale)",
            f"{median(_importtime('aiohttp') for _ in range(runs)):.1f}",
            "",
        ),
        (
            "import ringcentral_async, asyncio already imported",
            f"{median(_timed('import ringcentral_async') for _ in range(runs)):.1f}",
            "",
        ),
        (
            "+ RingCentral(...) and rc.call_log (first use)",
            f"{median(_timed(FIRST_USE) for _ in range(runs)):.1f}",
            "",
        ),
    ]
    print_table(
        ("what", "ms (median)", "goal"),
        rows,
        title=f"Import time, median of {runs} fresh interpreters",
    )


FIRST_USE = (
    "import ringcentral_async as r\nrc = r.RingCentral('client-id')\nrc.call_log\nimport aiohttp"
)

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    main(parser.parse_args().runs)

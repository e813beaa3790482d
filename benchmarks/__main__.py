"""Run every benchmark, one after the other, each printing its own table.

    python -m benchmarks            # the whole suite (about 35 minutes on 2 cores)
    python -m benchmarks --quick    # smaller sizes, for a first look
    python -m benchmarks pipeline paging   # only the named scripts

Each script also runs alone (``python -m benchmarks.<name> --help`` for its options). The
official ``ringcentral`` SDK rows need ``pip install ringcentral`` in the same environment;
without it those rows say "not installed".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: name -> (full-size arguments, quick arguments)
SUITE: dict[str, tuple[list[str], list[str]]] = {
    "import_time": (["--runs", "7"], ["--runs", "3"]),
    "pipeline": (
        ["--sizes", "1000,10000", "--runs", "3"],
        ["--sizes", "500", "--https-sizes", "200", "--runs", "2"],
    ),
    "throttle_utilization": (["--seconds", "10", "--runs", "3"], ["--seconds", "4", "--runs", "2"]),
    "redis_throttle": (["--seconds", "6"], ["--seconds", "3", "--processes", "1,4"]),
    "paging": (["--records", "5000", "--runs", "5"], ["--records", "2000", "--runs", "2"]),
    "decode": (
        ["--records", "100000", "--repeat", "3", "--runs", "5"],
        ["--records", "10000", "--extension-pages", "20", "--repeat", "2", "--runs", "3"],
    ),
    "events_soak": (["--events", "10000"], ["--events", "3000"]),
    "harvest": (
        ["--records", "50000", "--runs", "3"],
        ["--records", "10000", "--scale-records", "100000", "--runs", "2"],
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmark suite.")
    parser.add_argument("names", nargs="*", choices=[*SUITE, []], help="scripts to run")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    failed = []
    for name in args.names or list(SUITE):
        full, quick = SUITE[name]
        cmd = [sys.executable, "-m", f"benchmarks.{name}", *(quick if args.quick else full)]
        print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
        started = time.perf_counter()
        if subprocess.run(cmd, cwd=ROOT).returncode != 0:
            failed.append(name)
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

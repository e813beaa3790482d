"""``python -m codegen [--check]``: regenerate (or check) every generated file."""

from __future__ import annotations

import argparse
import sys

from . import output


def main(argv: list[str] | None = None) -> int:
    """Build every emitter's files, format them, then write or check them."""
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is stale")
    args = parser.parse_args(argv)
    files: dict[str, str] = {}
    owned: list[str] = []
    for emitter in _emitters():
        produced, folders = emitter()
        overlap = files.keys() & produced.keys()
        if overlap:
            raise SystemExit(f"two emitters write {sorted(overlap)}")
        files.update(produced)
        owned.extend(folders)
    return output.write(output.format_python(files), tuple(owned), check=args.check)


def _emitters() -> list[output.Emitter]:
    from . import registry

    return registry.EMITTERS


if __name__ == "__main__":
    sys.exit(main())

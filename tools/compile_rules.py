"""Compile the rules engine's modules to C with mypyc, into build/compiled/ (`make` runs this).

    .venv/bin/python tools/compile_rules.py

The same source, compiled: `convene evaluate --batch` runs about twice as fast. The source is
what is tested for coverage and what is read; the compiled modules are tested with the rules
tests (`make test` runs both). convene/rules/__init__.py uses the build only while the copy of
each compiled module's source kept in the build is that module's file, byte for byte, so an
edited module is never answered by a stale build: it runs as plain Python until this is run
again.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "convene" / "rules"
BUILD = ROOT / "build" / "compiled"
# The modules on the hot path of a batch. Not compiled: bank_holidays (data, read once) and
# __init__, which chooses between the build and the source.
MODULES = ("calendar", "contract", "engine", "procedure", "timeline", "vocabulary")
GROUP = "convene_rules"  # the shared library: build/compiled/convene_rules__mypyc.*.so


def main() -> int:
    from mypyc.build import mypycify
    from setuptools import setup

    os.chdir(ROOT)  # mypyc names the modules by their paths from here: convene.rules.engine
    sources = {name: (RULES / f"{name}.py").read_bytes() for name in MODULES}
    with tempfile.TemporaryDirectory(prefix="convene-mypyc-") as work:
        staging = Path(work) / "lib"
        paths = [str((RULES / f"{name}.py").relative_to(ROOT)) for name in MODULES]
        extensions = mypycify(paths, group_name=GROUP, target_dir=str(Path(work) / "c"))
        os.chdir(work)  # so that setuptools does not read the project's own pyproject.toml
        setup(
            name="convene-rules-compiled",
            ext_modules=extensions,
            script_args=[
                "--quiet",
                "build_ext",
                "--build-lib",
                str(staging),
                "--build-temp",
                str(Path(work) / "temp"),
            ],
        )
        # The sources as compiled: read before and after, so an edit made meanwhile fails here.
        (staging / "sources").mkdir()
        for name, text in sources.items():
            if (RULES / f"{name}.py").read_bytes() != text:
                print(f"{name}.py changed while it was compiled: run this again", file=sys.stderr)
                return 1
            (staging / "sources" / f"{name}.py").write_bytes(text)
        manifest = {"python": sys.version, "modules": list(MODULES)}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        # Replaced whole, so that a module no longer compiled leaves nothing behind.
        shutil.rmtree(BUILD, ignore_errors=True)
        BUILD.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging, BUILD)
    print(f"compiled {', '.join(MODULES)} into {BUILD.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

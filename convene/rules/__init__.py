"""The rules engine: plain Python, no Django. See docs/ARCHITECTURE.md.

Its hot modules also run compiled: `make` compiles them with mypyc into build/compiled/
(tools/compile_rules.py), and they are imported from there only while the build was made from
this very source (the copy of each module's source it keeps is the module's file, byte for
byte). Otherwise, or with
CONVENE_RULES_INTERPRETED=1 (as the coverage run sets), the plain Python runs: the same code,
slower. `COMPILED` says which is in use.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import MutableSequence
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

SOURCE = Path(__file__).resolve().parent
BUILD = SOURCE.parent.parent / "build" / "compiled"
SHARED_LIBRARY = "convene_rules__mypyc"  # tools/compile_rules.py names it


def is_fresh_build(build: Path, source: Path) -> bool:
    """Whether `build` holds the modules of `source` as they are now, compiled for this very
    interpreter (its full version: mypyc's code may use what differs between builds)."""
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        modules: list[str] = manifest["modules"]
        if manifest["python"] != sys.version or not modules:
            return False
        # Compared whole rather than hashed: no hash to import at start, and no collision.
        return all(
            (source / f"{name}.py").read_bytes() == (build / "sources" / f"{name}.py").read_bytes()
            for name in modules
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no build, or a broken one: the source runs


def load_build(build: Path, search_path: MutableSequence[str]) -> bool:
    """Load the build's shared library and put its modules first on the package's search path.
    The compiled modules import the library by name: it is loaded from the build, so that
    nothing is added to sys.path."""
    for suffix in EXTENSION_SUFFIXES:
        library = build / f"{SHARED_LIBRARY}{suffix}"
        if library.exists():
            break
    else:
        return False
    loader = ExtensionFileLoader(SHARED_LIBRARY, str(library))
    spec = spec_from_file_location(SHARED_LIBRARY, library, loader=loader)
    assert spec is not None  # a file location with a loader always gives a spec
    module = module_from_spec(spec)
    sys.modules[SHARED_LIBRARY] = module
    loader.exec_module(module)
    search_path.insert(0, str(build / "convene" / "rules"))
    return True


COMPILED = (
    not os.environ.get("CONVENE_RULES_INTERPRETED")
    and is_fresh_build(BUILD, SOURCE)
    and load_build(BUILD, __path__)
)

"""The rules engine: plain Python, no Django. See docs/ARCHITECTURE.md.

Its hot modules also run compiled: `make` compiles them with mypyc into build/compiled/
(tools/compile_rules.py), and they are imported from there only while the build was made from
this very source (its manifest's hashes match every module's file). Otherwise, or with
CONVENE_RULES_INTERPRETED=1 (as the coverage run sets), the plain Python runs: the same code,
slower. `COMPILED` says which is in use.
"""

from __future__ import annotations

import hashlib
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
    """Whether `build` holds the modules of `source` as they are now, compiled for this Python."""
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        modules: dict[str, str] = manifest["modules"]
        if manifest["python"] != sys.implementation.cache_tag or not modules:
            return False
        return all(
            hashlib.sha256((source / f"{name}.py").read_bytes()).hexdigest() == digest
            for name, digest in modules.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
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

"""The compiled rules engine (mypyc, build/compiled/) is used only while it is the source's.

`make test` runs the whole suite on the plain Python (for coverage) and the rules and command
tests again on the compiled modules, so both are held to the same tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import convene.rules
from convene.rules import BUILD, SOURCE, is_fresh_build, load_build


def write_build(build: Path, source: Path, **manifest: object) -> None:
    """A build's manifest and its copies of the sources, as tools/compile_rules.py writes them."""
    (build / "sources").mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.py"):
        (build / "sources" / path.name).write_bytes(path.read_bytes())
    names = sorted(path.stem for path in source.glob("*.py"))
    document = {"python": sys.version, "modules": names} | manifest
    (build / "manifest.json").write_text(json.dumps(document))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "engine.py").write_text("ANSWER = 1\n")
    (folder / "timeline.py").write_text("EVENTS = []\n")
    return folder


def test_a_build_of_the_source_as_it_is_is_fresh(tmp_path, source):
    write_build(tmp_path / "build", source)
    assert is_fresh_build(tmp_path / "build", source)


def test_a_build_is_stale_once_a_compiled_module_is_edited(tmp_path, source):
    write_build(tmp_path / "build", source)
    (source / "engine.py").write_text("ANSWER = 2\n")
    assert not is_fresh_build(tmp_path / "build", source)


def test_a_build_is_stale_when_its_copy_of_a_module_is_missing(tmp_path, source):
    write_build(tmp_path / "build", source)
    (tmp_path / "build" / "sources" / "engine.py").unlink()
    assert not is_fresh_build(tmp_path / "build", source)


def test_a_build_is_stale_once_a_compiled_module_is_deleted(tmp_path, source):
    write_build(tmp_path / "build", source)
    (source / "timeline.py").unlink()
    assert not is_fresh_build(tmp_path / "build", source)


def test_a_build_for_another_python_is_not_used(tmp_path, source):
    write_build(tmp_path / "build", source, python="cpython-39")
    assert not is_fresh_build(tmp_path / "build", source)


@pytest.mark.parametrize(
    "manifest",
    [None, "not json", "[]", '{"python": "x"}', json.dumps({"modules": {}, "python": "x"})],
)
def test_no_build_or_a_broken_manifest_means_the_source_runs(tmp_path, source, manifest):
    build = tmp_path / "build"
    build.mkdir()
    if manifest is not None:
        (build / "manifest.json").write_text(manifest)
    assert not is_fresh_build(build, source)


def test_a_manifest_naming_no_modules_is_not_a_build(tmp_path, source):
    write_build(tmp_path / "build", source, modules=[])
    assert not is_fresh_build(tmp_path / "build", source)


def test_a_build_without_its_shared_library_is_not_loaded(tmp_path, source):
    write_build(tmp_path / "build", source)
    search_path = [str(source)]
    assert not load_build(tmp_path / "build", search_path)
    assert search_path == [str(source)]


def test_the_build_is_made_from_this_source():
    """`make` compiles before testing; an edited module without a new build fails here."""
    assert is_fresh_build(BUILD, SOURCE), (
        "build/compiled/ is stale: run make (or tools/compile_rules.py)"
    )


def test_loading_the_build_puts_its_modules_first_on_the_search_path():
    search_path = [str(SOURCE)]
    assert load_build(BUILD, search_path)
    assert search_path == [str(BUILD / "convene" / "rules"), str(SOURCE)]
    assert convene.rules.SHARED_LIBRARY in sys.modules


def run_python(code: str, **environ: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CONVENE_RULES_INTERPRETED"} | environ
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


WHICH = "import convene.rules, convene.rules.engine as e; print(convene.rules.COMPILED, e.__file__)"


def test_the_engine_runs_compiled_when_the_build_is_fresh():
    compiled, engine = run_python(WHICH).split(" ", 1)
    assert compiled == "True"
    assert Path(engine).parent == BUILD / "convene" / "rules"


def test_the_engine_runs_as_plain_python_when_asked():
    compiled, engine = run_python(WHICH, CONVENE_RULES_INTERPRETED="1").split(" ", 1)
    assert compiled == "False"
    assert Path(engine) == SOURCE / "engine.py"

"""The optional mypyc build (``khabar._compiled``): served only while fresh, same output.

``scripts/test.sh`` compiles before the suite and sets ``KHABAR_EXPECT_COMPILED=1`` when the
build is fresh, so CI runs every test against the compiled modules and this file checks it
really did. The pure build is run in subprocesses (``KHABAR_COMPILED=0``) for comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import khabar
from conftest import EXAMPLES, SEED_PAGE
from khabar._compiled import SRC, build_dir, staleness
from khabar.model import Article
from khabar.nlp.events import EventStage
from khabar.pipeline import default_stages

COMPILED = bool(khabar.compiled_modules())
needs_compiled = pytest.mark.skipif(
    not COMPILED, reason=f"no fresh compiled build in this process: {khabar.build_kind()}"
)

DUMP = """
import sys, khabar
from khabar.pipeline import Pipeline
print(khabar.build_kind())
pipeline = Pipeline(budget_seconds=None)
for page in khabar.read_pages(sys.argv[1:]):
    print(pipeline.process_page(page).to_json())
"""


def run_python(code: str, *args: str, compiled: bool, pythonpath: Path = SRC) -> list[str]:
    """stdout lines, a marker, then stderr lines of ``python -c code`` in a fresh process."""
    env = {**os.environ, "KHABAR_COMPILED": "1" if compiled else "0", "PYTHONPATH": str(pythonpath)}
    if pythonpath != SRC:  # another tree: its own build folder, not this process's override
        env.pop("KHABAR_COMPILED_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return [*done.stdout.splitlines(), "--stderr--", *done.stderr.splitlines()]


def test_the_build_that_runs_is_the_one_expected() -> None:
    kind = khabar.build_kind()
    if os.environ.get("KHABAR_EXPECT_COMPILED") == "1":
        assert COMPILED, f"scripts/test.sh found a fresh build, but this process runs {kind}"
    if COMPILED:
        assert kind.startswith("compiled")
        finder_module = sys.modules.get("khabar.nlp.quotes.finder")
        assert finder_module is not None  # imported by khabar.nlp.quotes above
        assert not str(finder_module.__file__).endswith(".py")
    else:
        assert kind.startswith("pure Python")


@pytest.mark.parametrize("stage", [*default_stages(), EventStage(incidents_only=False)])
def test_every_stage_pickles(stage: object) -> None:
    """Spark and the process pool ship stages by pickle, in both builds."""
    copy = pickle.loads(pickle.dumps(stage))
    assert type(copy) is type(stage)
    assert copy.name == stage.name  # type: ignore[attr-defined]
    assert getattr(copy, "incidents_only", None) == getattr(stage, "incidents_only", None)
    article = Article(text="وقال الوزير إن الخطة جاهزة للتنفيذ.")
    assert copy(article) == stage(article)  # type: ignore[operator]


@needs_compiled
def test_pure_children_of_compiled_packages_come_from_src() -> None:
    """resources.py stays pure (it finds its data through __file__) inside a compiled package."""
    import khabar.nlp.entities.resources as resources

    assert Path(str(resources.__file__)) == SRC / "khabar" / "nlp" / "entities" / "resources.py"
    assert resources.RESOURCES.is_dir()


@needs_compiled
def test_compiled_and_pure_give_identical_article_json() -> None:
    paths = [str(EXAMPLES), *([str(SEED_PAGE)] if SEED_PAGE.exists() else [])]
    compiled = run_python(DUMP, *paths, compiled=True)
    pure = run_python(DUMP, *paths, compiled=False)
    assert compiled[0].startswith("compiled") and pure[0].startswith("pure Python")
    compiled_json, pure_json = (
        compiled[1 : compiled.index("--stderr--")],
        pure[1 : pure.index("--stderr--")],
    )
    assert len(compiled_json) >= 10
    assert [json.loads(line)["title"] for line in compiled_json] == [
        json.loads(line)["title"] for line in pure_json
    ]
    assert compiled_json == pure_json


# --- the staleness guard --------------------------------------------------------------


def write_manifest(folder: Path, src: Path, names: list[str]) -> None:
    """A manifest recording the present state of ``names`` under ``src`` (no real modules)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = {}
    for name in names:
        data = (src / name).read_bytes()
        info = (src / name).stat()
        sources[name] = [info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest()]
    (folder / "mod.so").write_bytes(b"")
    manifest = {
        "format": 1,
        "cache_tag": sys.implementation.cache_tag,
        "ext_suffix": ".so",
        "shared_library": "x__mypyc",
        "modules": {"pkg.mod": "mod.so"},
        "packages": [],
        "sources": sources,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_staleness_follows_content_not_mtime(tmp_path: Path) -> None:
    src, build = tmp_path / "src", tmp_path / "build"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "mod.py").write_text("X = 'قال'\n", encoding="utf-8")
    (src / "pkg" / "dep.py").write_text("Y = 1\n")
    write_manifest(build, src, ["pkg/mod.py", "pkg/dep.py"])
    assert staleness(build, src) is None
    os.utime(src / "pkg" / "mod.py", ns=(1, 1))  # touched, same bytes: still fresh
    assert staleness(build, src) is None
    (src / "pkg" / "dep.py").write_text("Y = 2\n")  # same size, new content
    assert staleness(build, src) == "pkg/dep.py changed since the build"
    (src / "pkg" / "dep.py").write_text("Y = 1\n")
    assert staleness(build, src) is None
    (src / "pkg" / "mod.py").unlink()
    assert staleness(build, src) == "pkg/mod.py changed since the build"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda b: (b / "manifest.json").unlink(), "no compiled build in"),
        (lambda b: (b / "mod.so").unlink(), "mod.so missing"),
        (lambda b: (b / "manifest.json").write_text("{"), "no compiled build in"),
        (
            lambda b: (b / "manifest.json").write_text(
                (b / "manifest.json").read_text().replace(sys.implementation.cache_tag, "cp-x")
            ),
            "built for cp-x",
        ),
    ],
)
def test_a_broken_build_is_never_used(tmp_path: Path, edit: object, reason: str) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text("")
    write_manifest(tmp_path / "build", tmp_path / "src", ["m.py"])
    edit(tmp_path / "build")  # type: ignore[operator]
    found = staleness(tmp_path / "build", tmp_path / "src")
    assert found is not None and reason in found


STATUS = """
import khabar, khabar.nlp.quotes.finder as f, khabar.nlp.sentences as s
print(khabar.build_kind())
print(len(khabar.compiled_modules()), f.__file__.endswith(".py"), s.__file__.endswith(".py"))
"""


@needs_compiled
def test_an_edited_copy_runs_pure_and_says_why(tmp_path: Path) -> None:
    """A copy of src + build: fresh → compiled; one source edited → all pure, one warning."""
    src = tmp_path / "src"
    shutil.copytree(SRC / "khabar", src / "khabar", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(build_dir(), tmp_path / "build" / "compiled")
    fresh = run_python(STATUS, compiled=True, pythonpath=src)
    assert fresh[0].startswith("compiled") and fresh[1].endswith("False False")
    assert not any("compiled build" in line for line in fresh[3:])

    edited = src / "khabar" / "nlp" / "sentences.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    stale = run_python(STATUS, compiled=True, pythonpath=src)
    assert stale[0].startswith("pure Python (compiled build stale: khabar/nlp/sentences.py")
    assert stale[1] == "0 True True"  # all or nothing: the unedited finder is pure too
    warnings = [line for line in stale[3:] if "not using the compiled build" in line]
    assert len(warnings) == 1

    forced = run_python(STATUS, compiled=False, pythonpath=src)
    assert forced[:2] == ["pure Python (KHABAR_COMPILED=0)", "0 True True"]


def test_version_command_names_the_build() -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    result = CliRunner().invoke(app, ["version", "--modules"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [f"khabar {khabar.__version__}", f"build: {khabar.build_kind()}"]
    assert [line.strip() for line in lines[2:]] == list(khabar.compiled_modules())

#!/usr/bin/env python3
"""Compile khabar's NLP core with mypyc into ``build/compiled/`` (optional, never required).

Why mypyc: the code is already ``mypy --strict`` clean, so it compiles unchanged to C
extension modules — no second language, no second copy of the rules. The pure-Python
sources stay the reference; the compiled build is a drop-in that ``khabar._compiled``
serves only while every source it was built from is unchanged (see that module).

How: snapshot ``src/khabar`` into ``build/compiled-work/src`` (so a file edited during the
two-minute compile cannot slip into the build under the wrong hash), run mypyc + setuptools
on the snapshot (plus the hand-written C extensions of ``C_EXTENSIONS``), write
``manifest.json`` (module → extension file; source → size, mtime, sha256) and swap the result
into ``build/compiled/`` in one rename.

Usage::

    scripts/build_compiled.py            # build (or rebuild) now
    scripts/build_compiled.py --if-stale # only when build/compiled/ is missing or stale
    scripts/build_compiled.py --check    # exit 0 when fresh, 1 when stale or missing

Exit status 3 means "cannot compile here" (no mypyc, C compiler or Python headers): the
caller goes on with pure Python.
"""

from __future__ import annotations

import argparse
import ast
import fcntl
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import sysconfig
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
OUT = ROOT / "build" / "compiled"
WORK = ROOT / "build" / "compiled-work"
GROUP = "khabar"  # the shared native library is ``khabar__mypyc``

# What is compiled, chosen by measurement (benchmarks/RESULTS.md, sessions 4 and 5): the
# pure-Python hot paths of the quote, sentence, event and entity stages, the Arabic text layer
# and extraction (the largest uncompiled Python left on the HTML path).
# Left out: entities/resources.py (finds its data through ``__file__``, which points into the
# build folder once compiled; it only loads files, so mypyc gains nothing there), and the
# experimental contextual (char-LM) tagger, which no pipeline stage calls and whose time is
# numpy's (it would only lengthen every build).
COMPILE = (
    "khabar/arabic/letters.py",
    "khabar/arabic/normalise.py",
    "khabar/arabic/segment.py",
    "khabar/arabic/tokens.py",
    "khabar/nlp/sentences.py",
    "khabar/nlp/quotes/",
    "khabar/nlp/events/",
    "khabar/nlp/entities/",
    "khabar/extract/",
)
EXCLUDE = frozenset(
    {
        "khabar/nlp/entities/resources.py",
        "khabar/extract/__init__.py",  # resources.files("khabar.extract") must find src/
        "khabar/nlp/entities/contextual.py",
        "khabar/nlp/entities/contextual_tagger.py",
    }
)

# Hand-written C extensions built beside the mypyc modules, module → source (relative to
# src/). The text layer's character loops (fold, offset map, tokens) need to write code
# points into a buffer, which mypyc cannot do natively (see ``khabar/arabic/_ctext.c``).
# Guarded like the mypyc sources (their ``.c`` and ``.pyi`` in the manifest): a changed
# file means pure Python everywhere, as for any other compiled module.
C_EXTENSIONS = {"khabar.arabic._ctext": "khabar/arabic/_ctext.c"}

CANNOT_COMPILE = 3


def load_guard() -> ModuleType:
    """``src/khabar/_compiled.py`` loaded on its own (importing khabar would install the hook)."""
    os.environ["KHABAR_COMPILED"] = "0"  # its install() must not run (nor warn) here
    path = SRC / "khabar" / "_compiled.py"
    spec = importlib.util.spec_from_file_location("_khabar_compiled_guard", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing_prerequisite() -> str | None:
    """Why this machine cannot compile, or None when it can."""
    if importlib.util.find_spec("mypyc") is None:
        return "mypyc is not installed (it comes with mypy: pip install mypy)"
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler!r} not found)"
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not include.exists():
        return f"no Python headers ({include} missing: install python3-dev)"
    return None


def compiled_files(src: Path) -> list[str]:
    """The source files to compile, relative to ``src``, sorted."""
    files: set[str] = set()
    for entry in COMPILE:
        path = src / entry
        found = sorted(path.rglob("*.py")) if entry.endswith("/") else [path]
        files.update(p.relative_to(src).as_posix() for p in found)
    return sorted(files - EXCLUDE)


def module_name(relative: str) -> str:
    """``khabar/nlp/quotes/__init__.py`` → ``khabar.nlp.quotes``."""
    parts = relative.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def khabar_imports(path: Path, name: str, is_package: bool) -> set[str]:
    """The ``khabar.*`` modules a source file imports (absolute or relative), as dotted names."""
    tree = ast.parse(path.read_bytes(), str(path))
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m == "khabar" or m.startswith("khabar.")}


def source_of(src: Path, name: str) -> str | None:
    """The source file of a dotted module name under ``src``, relative, or None."""
    base = src / name.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(src).as_posix()
    return None


def guarded_files(src: Path, compiled: list[str]) -> list[str]:
    """Compiled sources plus every khabar source they import, transitively.

    mypyc compiles calls into those modules against their declared types, so a change
    in any of them makes the build stale too. Parent packages that are only run on the
    way (``khabar/__init__.py``) are not followed: compiled code uses none of their names.
    """
    seen: set[str] = set()
    todo = list(compiled)
    while todo:
        relative = todo.pop()
        if relative in seen:
            continue
        seen.add(relative)
        name = module_name(relative)
        for imported in khabar_imports(src / relative, name, relative.endswith("__init__.py")):
            found = source_of(src, imported)
            if found is not None and found not in seen:
                todo.append(found)
    return sorted(seen)


def c_sources(src: Path) -> list[str]:
    """The C extensions' sources and their type stubs (``.pyi``), relative to ``src``."""
    found = []
    for source in C_EXTENSIONS.values():
        found.append(source)
        stub = Path(source).with_suffix(".pyi").as_posix()
        if (src / stub).is_file():
            found.append(stub)
    return sorted(found)


def importers_first(src: Path, files: list[str]) -> list[str]:
    """``files`` ordered so that a module comes before the modules it imports.

    mypy checks an import cycle (a package and its submodules) in the order given; with
    a module's constants checked after their users it reports "Cannot determine type".
    """
    compiled = set(files)
    done: list[str] = []
    seen: set[str] = set()

    def visit(relative: str) -> None:
        if relative in seen:
            return
        seen.add(relative)
        name = module_name(relative)
        is_package = relative.endswith("__init__.py")
        for imported in sorted(khabar_imports(src / relative, name, is_package)):
            found = source_of(src, imported)
            if found in compiled:
                visit(found)
        done.append(relative)  # after everything it imports

    for relative in files:
        visit(relative)
    return done[::-1]


def snapshot(stage_src: Path) -> dict[str, list[int | str]]:
    """Copy ``src/khabar`` into ``stage_src``; return size, mtime and sha256 of each source
    (.py, .pyi, .c) as read."""
    records: dict[str, list[int | str]] = {}
    wanted: set[Path] = set()
    for path in sorted((SRC / "khabar").rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix in {".so", ".pyc"}:
            continue
        relative = path.relative_to(SRC)
        target = stage_src / relative
        wanted.add(target)
        info = path.stat()
        data = path.read_bytes()
        if path.suffix in {".py", ".pyi", ".c"}:
            records[relative.as_posix()] = [
                info.st_size,
                info.st_mtime_ns,
                hashlib.sha256(data).hexdigest(),
            ]
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for pattern in ("*.py", "*.pyi", "*.c"):
        for stale in (stage_src / "khabar").rglob(pattern):
            if stale not in wanted:
                stale.unlink()
    return records


def write_mypy_config(work: Path) -> Path:
    """The project's own mypy settings (strict; ``mypy_path`` resolves to the snapshot)."""
    config = work / "pyproject.toml"
    shutil.copyfile(ROOT / "pyproject.toml", config)
    return config


def compile_snapshot(work: Path, files: list[str], jobs: int) -> Path:
    """Run mypyc and the C compiler on the snapshot; return the folder holding the results."""
    from mypyc.build import mypycify
    from setuptools import Extension, setup  # type: ignore[import-untyped]

    config = write_mypy_config(work)
    lib = work / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    old_cwd = Path.cwd()
    os.chdir(work / "src")
    try:
        extensions = mypycify(
            [f"--config-file={config}", *files],
            opt_level="3",
            debug_level="0",
            multi_file=True,  # one C file per module: parallel, incremental C compiles
            group_name=GROUP,
            target_dir=str(work / "c"),
        )
        extensions += [
            Extension(name, [source], extra_compile_args=["-Wextra", "-Wno-unused-parameter"])
            for name, source in sorted(C_EXTENSIONS.items())
        ]
        setup(
            name="khabar-compiled",
            ext_modules=extensions,
            script_args=[
                "--quiet",
                "build_ext",
                f"--build-lib={lib}",
                f"--build-temp={work / 'temp'}",
                f"--parallel={jobs}",
            ],
        )
    finally:
        os.chdir(old_cwd)
    return lib


def manifest(
    lib: Path, files: list[str], guarded: list[str], records: dict[str, list[int | str]]
) -> dict[str, object]:
    """What the import hook needs: extension file per module, and the sources to check."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    modules: dict[str, str] = {}
    packages: list[str] = []
    for relative in files:
        name = module_name(relative)
        stem = relative.removesuffix(".py")
        extension = stem + suffix
        if not (lib / extension).is_file():
            raise SystemExit(f"mypyc did not produce {extension}")
        modules[name] = extension
        if relative.endswith("/__init__.py"):
            packages.append(name)
    for name in sorted(C_EXTENSIONS):
        extension = name.replace(".", "/") + suffix
        if not (lib / extension).is_file():
            raise SystemExit(f"the C compiler did not produce {extension}")
        modules[name] = extension
    shared = f"{GROUP}__mypyc"
    if not (lib / (shared + suffix)).is_file():
        raise SystemExit(f"mypyc did not produce {shared}{suffix}")
    import mypy.version

    return {
        "format": 1,
        "ext_suffix": suffix,
        "cache_tag": sys.implementation.cache_tag,
        "shared_library": shared,
        "modules": modules,
        "packages": sorted(packages),
        "sources": {path: records[path] for path in guarded},
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "mypy": mypy.version.__version__,
    }


def install(lib: Path, data: dict[str, object], out: Path) -> None:
    """Swap the new build into ``out`` (two renames: a reader sees old, nothing, or new)."""
    fresh = out.with_name(out.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(lib, fresh)
    (fresh / "manifest.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def quiet(log: Path) -> Iterator[None]:
    """Send mypyc's and the C compiler's chatter (file descriptors 1 and 2) to ``log``.

    On failure the log's tail is printed: the reason is in there.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log, "w") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        except BaseException:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            tail = log.read_text(errors="replace").splitlines()[-30:]
            print("\n".join(["mypyc build failed; end of the log:", *tail]), file=sys.stderr)
            raise
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def _shown(path: Path) -> str:
    """A path for messages: relative to the repository when inside it, else as given."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def build(out: Path, jobs: int) -> None:
    """Snapshot, compile, write the manifest, install."""
    started = time.monotonic()
    stage_src = WORK / "src"
    records = snapshot(stage_src)
    files = compiled_files(stage_src)
    guarded = sorted({*guarded_files(stage_src, files), *c_sources(stage_src)})
    log = WORK / "build.log"
    print(f"compiling {len(files)} modules with mypyc ({jobs} C jobs; log: {log}) ...", flush=True)
    with quiet(log):
        lib = compile_snapshot(WORK, importers_first(stage_src, files), jobs)
    install(lib, manifest(lib, files, guarded, records), out)
    took = time.monotonic() - started
    print(f"compiled build ready in {_shown(out)} ({took:.0f} s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report: 0 fresh, 1 not")
    parser.add_argument("--if-stale", action="store_true", help="build only when not fresh")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    guard = load_guard()
    reason = guard.staleness(args.out, SRC)
    if args.check:
        print("compiled build fresh" if reason is None else f"compiled build not usable: {reason}")
        return 0 if reason is None else 1
    if args.if_stale and reason is None:
        print(f"compiled build up to date ({_shown(args.out)})")
        return 0
    missing = missing_prerequisite()
    if missing is not None:
        print(f"not compiling ({missing}): khabar runs as pure Python", file=sys.stderr)
        return CANNOT_COMPILE
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; a waiter rechecks first
        if args.if_stale and guard.staleness(args.out, SRC) is None:
            print("compiled build up to date (built meanwhile)")
            return 0
        build(args.out, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

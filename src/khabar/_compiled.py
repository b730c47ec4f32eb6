"""Serve the optional mypyc build of the NLP core — only while it matches its sources.

``scripts/build_compiled.py`` compiles the hot modules into ``build/compiled/`` beside
``src/`` with a ``manifest.json`` of the sources it was built from (size, mtime, sha256);
the hand-written C extension of the text layer (``khabar.arabic._ctext``, from
``_ctext.c``) is built and listed there too, its ``.c`` and ``.pyi`` guarded the same way.
Importing ``khabar`` installs a meta-path finder that serves those extension modules
instead of the ``.py`` files when, and only when, **every** guarded source is unchanged:
mypyc modules share one native library and call each other natively, so a fresh ``.py``
beside stale native siblings would be wrong. Otherwise it serves the sources and logs one
warning. The check is a ``stat`` per file; a file is hashed only when its size or mtime
moved (a checkout or ``touch`` without a real edit keeps the build).

A compiled module's ``__file__`` (and a compiled package's resource reader) point into the
build folder: code that finds data next to itself (``Path(__file__)``) stays uncompiled, and
data lives in uncompiled packages (``khabar.nlp``'s ``resources/``).

``KHABAR_COMPILED=0`` forces pure Python; ``KHABAR_COMPILED_DIR`` points at another build.
This module imports nothing from khabar: it runs before everything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ExtensionFileLoader, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

SRC = Path(__file__).resolve().parent.parent
DEFAULT_DIR = SRC.parent / "build" / "compiled"

_state: dict[str, object] = {"modules": (), "build": "pure Python (not set up)"}


def build_dir() -> Path:
    """Where the compiled build is looked for."""
    return Path(os.environ.get("KHABAR_COMPILED_DIR") or DEFAULT_DIR)


def read_manifest(folder: Path) -> dict[str, object] | None:
    """The build's manifest, or None when there is no (readable) build."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == 1 else None


def _file_changed(path: Path, record: Sequence[object]) -> bool:
    """True when ``path`` no longer holds the bytes the build was compiled from."""
    size, mtime_ns, digest = record
    try:
        info = path.stat()
        if info.st_size == size and info.st_mtime_ns == mtime_ns:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() != digest
    except OSError:
        return True


def staleness(folder: Path, src: Path = SRC) -> str | None:
    """Why the build in ``folder`` must not run against the sources in ``src``; None if fresh."""
    manifest = read_manifest(folder)
    if manifest is None:
        return f"no compiled build in {folder}"
    if manifest.get("cache_tag") != sys.implementation.cache_tag:
        return f"built for {manifest.get('cache_tag')}, running {sys.implementation.cache_tag}"
    sources = manifest.get("sources")
    modules = manifest.get("modules")
    if not isinstance(sources, dict) or not isinstance(modules, dict) or not modules:
        return "manifest without sources or modules"
    changed = [name for name, record in sources.items() if _file_changed(src / name, record)]
    if changed:
        more = f" (+{len(changed) - 1} more)" if len(changed) > 1 else ""
        return f"{changed[0]}{more} changed since the build"
    missing = [name for name in modules.values() if not (folder / name).is_file()]
    return f"{missing[0]} missing" if missing else None


class CompiledFinder:
    """Meta-path finder: the compiled modules from the build folder, nothing else.

    A compiled package gets its ``__path__`` in the build folder from mypyc, so the
    finder also serves that package's pure submodules from ``src``.
    """

    def __init__(self, folder: Path, manifest: dict[str, object], src: Path = SRC) -> None:
        modules = manifest["modules"]
        packages = manifest.get("packages", [])
        assert isinstance(modules, dict) and isinstance(packages, list)
        self.folder = folder
        self.src = src
        self.modules: dict[str, str] = {str(k): str(v) for k, v in modules.items()}
        self.packages = frozenset(str(p) for p in packages)
        self.shared = f"{manifest['shared_library']}"
        self.suffix = f"{manifest['ext_suffix']}"

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """A spec for a compiled module (or a pure child of a compiled package)."""
        if fullname == self.shared:
            return self._extension(fullname, self.shared + self.suffix, package=False)
        relative = self.modules.get(fullname)
        if relative is not None:
            return self._extension(fullname, relative, package=fullname in self.packages)
        if fullname.rpartition(".")[0] in self.packages:
            return self._source(fullname)
        return None

    def _extension(self, fullname: str, relative: str, *, package: bool) -> ModuleSpec | None:
        location = str(self.folder / relative)
        return spec_from_file_location(
            fullname,
            location,
            loader=ExtensionFileLoader(fullname, location),
            submodule_search_locations=[str(self.src / fullname.replace(".", "/"))]
            if package
            else None,
        )

    def _source(self, fullname: str) -> ModuleSpec | None:
        base = self.src / fullname.replace(".", "/")
        if (base / "__init__.py").is_file():
            return spec_from_file_location(
                fullname, base / "__init__.py", submodule_search_locations=[str(base)]
            )
        if base.with_suffix(".py").is_file():
            return spec_from_file_location(fullname, base.with_suffix(".py"))
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` when the build is wanted and fresh."""
    if os.environ.get("KHABAR_COMPILED", "1").strip() in {"0", "false", "no", "off"}:
        _state["build"] = "pure Python (KHABAR_COMPILED=0)"
        return
    if any(isinstance(finder, CompiledFinder) for finder in sys.meta_path):
        return
    folder = build_dir()
    manifest = read_manifest(folder)
    if manifest is None:
        _state["build"] = "pure Python (no compiled build)"
        return
    reason = staleness(folder)
    if reason is not None:
        _state["build"] = f"pure Python (compiled build stale: {reason})"
        import logging

        logging.getLogger("khabar.compiled").warning(
            "khabar: not using the compiled build in %s: %s; running pure Python "
            "(rebuild: scripts/build_compiled.py, or set KHABAR_COMPILED=0)",
            folder,
            reason,
        )
        return
    finder = CompiledFinder(folder, manifest)
    sys.meta_path.insert(0, finder)
    _state["modules"] = tuple(sorted(finder.modules))
    _state["build"] = f"compiled (mypyc, {len(finder.modules)} modules, {folder})"


def compiled_modules() -> tuple[str, ...]:
    """The khabar modules this process serves from native code (empty: pure Python)."""
    modules = _state["modules"]
    assert isinstance(modules, tuple)
    return modules


def build_kind() -> str:
    """One line for logs and benchmark headers: which build runs, and why."""
    return str(_state["build"])


install()

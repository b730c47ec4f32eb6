"""The doctests of the Arabic text layer and the extract layer run with the suite.

The examples are read from each module's source file, not found through the imported
module: ``doctest.DocTestFinder`` cannot see the functions of a module compiled by mypyc
(see ``khabar._compiled``), and the source is where the examples are written anyway.
They run against the imported module's namespace — the build that ships.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import importlib.util
from pathlib import Path

import pytest

from khabar._compiled import SRC

MODULES = [
    "khabar.arabic.dates",
    "khabar.arabic.segment",
    "khabar.extract.lexicon",
    "khabar.extract.dateline",
    "khabar.extract.metadata",
    "khabar.extract.template",
    "khabar.extract.article",
    "khabar.public",
]


def source_docstrings(path: Path) -> list[tuple[str, str, int]]:
    """(qualified name, docstring, line) of the module and every function and class in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}.{child.name}"
                doc = ast.get_docstring(child, clean=False)
                if doc:
                    found.append((name, doc, child.body[0].lineno - 1))
                visit(child, name)

    doc = ast.get_docstring(tree, clean=False)
    if doc:
        found.append(("", doc, 0))
    visit(tree, "")
    return found


def run_source_doctests(name: str) -> doctest.TestResults:
    """Run the doctests written in ``name``'s source file in the imported module's namespace."""
    module = importlib.import_module(name)
    spec = importlib.util.find_spec(name)
    path = Path(spec.origin if spec is not None and spec.origin else "")
    if path.suffix != ".py":  # a compiled module (khabar._compiled): the source is in src/
        path = SRC / (name.replace(".", "/") + ".py")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for qualname, doc, line in source_docstrings(path):
        test = parser.get_doctest(doc, dict(vars(module)), name + qualname, str(path), line)
        if test.examples:
            runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = run_source_doctests(name)
    assert result.attempted > 0
    assert result.failed == 0


def test_a_failing_example_is_counted(tmp_path: Path) -> None:
    """The runner really runs examples: a wrong expected output is a failure."""
    path = tmp_path / "wrong.py"
    path.write_text('def f() -> int:\n    """\n    >>> 1 + 1\n    3\n    """\n    return 1\n')
    docs = source_docstrings(path)
    assert [(n, line) for n, _, line in docs] == [(".f", 1)]
    test = doctest.DocTestParser().get_doctest(docs[0][1], {}, "wrong.f", str(path), docs[0][2])
    runner = doctest.DocTestRunner()
    runner.run(test, out=lambda _: None)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=1, attempted=1)

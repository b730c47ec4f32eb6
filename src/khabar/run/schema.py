"""The Parquet schema of articles, derived from the frozen records in ``khabar.model``.

One row per article. Scalar fields become columns, ``Source`` a struct, and each
annotation layer (sentences, entities, quotes, events, warnings) a list of structs,
so ``quotes.speaker`` is queryable in Spark SQL or DuckDB without parsing JSON.
The schema is computed from the dataclass type hints, so a field added to the model
(additively, per the JSON contract) appears in the Parquet output with no edit here.

The same description is turned into an Arrow schema (local engine) and a Spark
``StructType`` (Spark engine), so both engines write the same columns.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Union

from khabar.model import Article

ScalarType = Literal["string", "int32"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column (or struct field): a scalar, a struct of columns, or a list of one of those."""

    name: str
    kind: Literal["scalar", "struct", "list"]
    scalar: ScalarType | None = None
    children: tuple[Column, ...] = ()  # struct fields, or the single list element
    nullable: bool = True


def _column_for(name: str, hint: Any) -> Column:
    """Map a type hint of the model onto a column description."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"{name}: only Optional[X] unions are supported, got {hint!r}")
        return dataclasses.replace(_column_for(name, inner[0]), nullable=True)
    if origin is Literal:
        if not all(isinstance(a, str) for a in args):
            raise TypeError(f"{name}: only string literals are supported, got {hint!r}")
        return Column(name, "scalar", "string", nullable=False)
    if origin is tuple:
        element = _column_for("element", args[0])
        return Column(name, "list", children=(element,), nullable=False)
    if hint is str:
        return Column(name, "scalar", "string", nullable=False)
    if hint is int:
        return Column(name, "scalar", "int32", nullable=False)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return Column(name, "struct", children=_columns_of(hint), nullable=False)
    raise TypeError(f"{name}: no Parquet mapping for {hint!r}")


def _columns_of(record_type: type) -> tuple[Column, ...]:
    hints = typing.get_type_hints(record_type)
    return tuple(_column_for(f.name, hints[f.name]) for f in dataclasses.fields(record_type))


@lru_cache(maxsize=1)
def article_columns() -> tuple[Column, ...]:
    """The columns of the article table, in the key order of the Article JSON."""
    columns = {c.name: c for c in _columns_of(Article)}
    # Only the JSON contract's keys: ``page_entities`` travel in the ``entities`` list
    # (null offsets), as in the JSON, so they get no column of their own.
    json_order = [k for k in Article(text="").to_dict() if k in columns]
    columns["entities"] = _nullable_offsets(columns["entities"])
    return tuple(columns[k] for k in json_order)


def _nullable_offsets(entities: Column) -> Column:
    """The entities list with ``start``/``end`` nullable: a page entity has no offsets."""
    (element,) = entities.children
    children = tuple(
        dataclasses.replace(c, nullable=True) if c.name in ("start", "end") else c
        for c in element.children
    )
    return dataclasses.replace(
        entities, children=(dataclasses.replace(element, children=children),)
    )


def _arrow_type(column: Column) -> Any:
    import pyarrow as pa

    if column.kind == "scalar":
        return pa.int32() if column.scalar == "int32" else pa.string()
    if column.kind == "list":
        return pa.list_(_arrow_field(column.children[0]))
    return pa.struct([_arrow_field(child) for child in column.children])


def _arrow_field(column: Column) -> Any:
    import pyarrow as pa

    # Everything is written nullable: Spark reads Parquet columns back as nullable, and
    # equal schemas on both engines matter more than a NOT NULL flag.
    return pa.field(column.name, _arrow_type(column), nullable=True)


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of the article table (pyarrow imported lazily)."""
    import pyarrow as pa

    return pa.schema([_arrow_field(c) for c in article_columns()])


def spark_schema() -> Any:
    """The ``pyspark.sql.types.StructType`` of the article table (pyspark imported lazily)."""
    from pyspark.sql import types as T

    def spark_type(column: Column) -> Any:
        if column.kind == "scalar":
            return T.IntegerType() if column.scalar == "int32" else T.StringType()
        if column.kind == "list":
            return T.ArrayType(spark_type(column.children[0]), containsNull=True)
        return T.StructType([spark_field(child) for child in column.children])

    def spark_field(column: Column) -> Any:
        return T.StructField(column.name, spark_type(column), nullable=True)

    return T.StructType([spark_field(c) for c in article_columns()])


def describe_schema() -> str:
    """A readable tree of the columns, for docs and ``--help``."""
    lines: list[str] = []

    def walk(columns: tuple[Column, ...], depth: int) -> None:
        for column in columns:
            pad = "  " * depth
            if column.kind == "scalar":
                null = "" if column.nullable else " (always set)"
                lines.append(f"{pad}{column.name}: {column.scalar}{null}")
            elif column.kind == "struct":
                lines.append(f"{pad}{column.name}: struct")
                walk(column.children, depth + 1)
            else:
                element = column.children[0]
                if element.kind == "scalar":
                    lines.append(f"{pad}{column.name}: list<{element.scalar}>")
                else:
                    lines.append(f"{pad}{column.name}: list<struct>")
                    walk(element.children, depth + 1)

    walk(article_columns(), 0)
    return "\n".join(lines)


def article_row(article: dict[str, Any]) -> dict[str, Any]:
    """An ``Article.to_dict()`` as a row of the schema: only known keys, lists kept as lists."""
    return _shape(article, article_columns())


def _shape(data: dict[str, Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in columns:
        value = data.get(column.name)
        row[column.name] = _shape_value(value, column)
    return row


def _shape_value(value: Any, column: Column) -> Any:
    if value is None:
        return [] if column.kind == "list" else None
    if column.kind == "struct":
        return _shape(value, column.children)
    if column.kind == "list":
        element = column.children[0]
        return [_shape_value(item, element) for item in value]
    return value


def row_to_article_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row (as ``pyarrow`` ``to_pylist`` or Spark ``asDict(recursive=True)`` gives it)
    back to the dict ``Article.from_dict`` reads."""
    return _shape(row, article_columns())

"""The exception tree of khabar.

    KhabarError
    ├── ReadError            bytes could not be turned into a page (missing file, truncated WARC …)
    │   └── DecodeError      no encoding fits the bytes
    ├── ExtractError         a page could not be turned into an Article
    ├── SchemaError          Article JSON of an unknown schema_version or shape
    ├── ResourceError        a bundled word list, gazetteer or model is missing or corrupt
    ├── StoreError           the database refused an operation
    └── PageTimeout          one page used up its time budget (recorded as a Failure)

Failures of one page are caught by the runners and recorded with their reason;
they never stop a batch.
"""

from __future__ import annotations


class KhabarError(Exception):
    """Base class of every error khabar raises on purpose."""


class ReadError(KhabarError):
    """Bytes could not be turned into a page."""


class DecodeError(ReadError):
    """No encoding fits the bytes."""


class ExtractError(KhabarError):
    """A page could not be turned into an Article."""


class SchemaError(KhabarError):
    """Article JSON of an unknown schema_version or shape."""


class ResourceError(KhabarError):
    """A bundled resource is missing or corrupt."""


class StoreError(KhabarError):
    """The database refused an operation."""


class PageTimeout(KhabarError):
    """One page used up its per-page time budget (``Pipeline.budget_seconds``)."""

"""khabar (خبر): Arabic news pages to structured, searchable knowledge.

The public Python API is the short list in ``__all__``::

    import khabar
    article = khabar.extract("page.txt")          # path, bytes or page text
    for page in khabar.read_pages(["crawl.warc.gz"]):
        print(khabar.extract_article(page).title)
"""

from __future__ import annotations

# First: installs the import hook that serves the optional mypyc build of the NLP core
# (only while it matches its sources; KHABAR_COMPILED=0 turns it off).
from khabar._compiled import build_kind as build_kind
from khabar._compiled import compiled_modules as compiled_modules
from khabar.errors import KhabarError

# Import the ``khabar.extract`` subpackage before binding the ``extract`` function below:
# the function must win the name on the package, and a later submodule import must not
# rebind it to the subpackage.
from khabar.extract.article import ExtractSettings, extract_article
from khabar.model import Article, Entity, PageWarning, Quote, Sentence, Source
from khabar.pipeline import Pipeline
from khabar.public import extract, read_pages
from khabar.read.page import RawPage

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "ExtractSettings",
    "KhabarError",
    "PageWarning",
    "Pipeline",
    "Quote",
    "RawPage",
    "Sentence",
    "Source",
    "__version__",
    "extract",
    "extract_article",
    "read_pages",
]

"""The extraction pipeline: text in, statements with evidence spans out."""

from typing import TYPE_CHECKING

from luoshi.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from luoshi.extract.pipeline import extract, extract_document, extract_many

__all__ = ["extract", "extract_document", "extract_many"]

# The store, the scoreboard and the web pages read parts of this package
# (luoshi.extract.indicators) and never run the pipeline.
__getattr__, __dir__ = lazy_exports(__name__, dict.fromkeys(__all__, "luoshi.extract.pipeline"))

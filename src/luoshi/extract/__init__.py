"""The extraction pipeline: text in, statements with evidence spans out."""

from luoshi.extract.pipeline import extract, extract_document, extract_many

__all__ = ["extract", "extract_document", "extract_many"]

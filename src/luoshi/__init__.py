"""luoshi 落实: track what Chinese government documents promise and deliver.

    >>> import luoshi
    >>> [s.value for s in luoshi.extract("全年实现口岸货运量1.3亿吨。", published="2025-02-10")]
    [1.3]

Every statement is a span over the original text: ``quote == text[start:end]``.
"""

from luoshi.errors import DecodeError, FormatError, InputError, LuoshiError, RulesError
from luoshi.extract import extract, extract_document, extract_many
from luoshi.load import iter_paths, load_path
from luoshi.types import Document, Kind, Measure, Qualifier, Statement

__all__ = [
    "DecodeError",
    "Document",
    "FormatError",
    "InputError",
    "Kind",
    "LuoshiError",
    "Measure",
    "Qualifier",
    "RulesError",
    "Statement",
    "extract",
    "extract_document",
    "extract_many",
    "iter_paths",
    "load_path",
]

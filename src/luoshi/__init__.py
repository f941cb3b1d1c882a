"""luoshi 落实: track what Chinese government documents promise and deliver.

    >>> import luoshi
    >>> [s.value for s in luoshi.extract("全年实现口岸货运量1.3亿吨。", published="2025-02-10")]
    [1.3]

Every statement is a span over the original text: ``quote == text[start:end]``.
"""

import sys
from types import ModuleType
from typing import TYPE_CHECKING

from luoshi.errors import DecodeError, FormatError, InputError, LuoshiError, RulesError
from luoshi.lazy_exports import lazy_exports
from luoshi.types import Document, Kind, Measure, Qualifier, Statement

if TYPE_CHECKING:
    from luoshi.extract import extract, extract_document, extract_many
    from luoshi.load import iter_paths, load_path

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

# The extractor and the loaders take most of a second to import: a server
# that only shows pages never waits for them.
_LAZY = {
    **dict.fromkeys(["extract", "extract_document", "extract_many"], "luoshi.extract"),
    **dict.fromkeys(["iter_paths", "load_path"], "luoshi.load"),
}
__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


class _Package(ModuleType):
    """Keeps ``luoshi.extract`` the function: importing the subpackage of
    that name binds the module on its parent, which would hide the function."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

"""Quantities in Chinese text: numbers, scale words, units, ranges, qualifiers."""

from luoshi.numbers.scanner import Quantity, find_quantities

__all__ = ["Quantity", "find_quantities"]

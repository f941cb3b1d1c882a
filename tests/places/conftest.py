"""The samples store of the places tests (``places_samples``)."""

from places_samples import samples_store

__all__ = ["samples_store"]

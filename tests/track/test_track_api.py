"""The tracking library's exported names stay as documented."""

from __future__ import annotations

import luoshi.track


def test_exported_members():
    assert sorted(luoshi.track.__all__) == [
        "Assessment", "CompareRow", "Evidence", "Finding", "Flag", "Link", "Projection", "Source", "Status",
        "TrackIndex", "Version", "assess", "compare", "compare_store", "consistency",
        "figure_versions", "judge", "link", "link_versions", "project", "scoreboard", "status_of",
        "store_scoreboard", "versions",
    ]  # fmt: skip
    assert all(hasattr(luoshi.track, name) for name in luoshi.track.__all__)

"""``luoshi ingest --from-batch``: a batch output stored exactly as
``luoshi ingest`` stores the same files, once however often it is loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from batch_samples import SAMPLES, real_inputs, sample_documents, sample_statements, store_content

from luoshi.batch.into_store import ingest_batch
from luoshi.batch.job import run_batch
from luoshi.batch.layout import MANIFEST
from luoshi.errors import InputError
from luoshi.ingest import ingest
from luoshi.store import Store

NewStore = Callable[[str], Store]


def loaded_both_ways(inputs: list[str], out: Path, new_store: NewStore) -> tuple[Store, Store]:
    """A store the files were ingested into, and one their batch output was loaded into."""
    run_batch(inputs, out)
    files, batch = new_store("files"), new_store("batch")
    assert ingest(inputs, files).failed == []
    summary = ingest_batch(out, batch)
    assert summary.failed == [] and summary.new == files.counts()["documents"]
    return files, batch


def test_a_batch_of_the_samples_is_stored_as_ingest_stores_the_files(tmp_path: Path, new_store: NewStore):
    files, batch = loaded_both_ways([str(SAMPLES)], tmp_path / "out", new_store)
    assert store_content(batch) == store_content(files)
    assert batch.counts() == files.counts() == {"documents": len(sample_documents()), "statements": sample_statements()}
    assert store_content(batch)["links"] and batch.links_complete()  # type: ignore[attr-defined]


@pytest.mark.real_texts
def test_a_batch_of_the_seed_and_31_reports_is_stored_as_ingest_stores_them(tmp_path: Path, new_store: NewStore):
    files, batch = loaded_both_ways(real_inputs(), tmp_path / "out", new_store)
    assert batch.counts()["documents"] == 32
    assert store_content(batch) == store_content(files)


def test_loading_a_batch_twice_changes_nothing(tmp_path: Path, new_store: NewStore):
    run_batch([str(SAMPLES)], tmp_path / "out")
    store = new_store("batch")
    ingest_batch(tmp_path / "out", store)
    before = store_content(store)
    again = ingest_batch(tmp_path / "out", store)
    assert (again.new, again.unchanged, again.statements_added) == (0, len(sample_documents()), 0)
    assert store_content(store) == before


def test_documents_already_stored_are_skipped_and_the_rest_linked(tmp_path: Path, new_store: NewStore):
    store = new_store("mixed")
    ingest([str(SAMPLES / "nmg_cooperation_2025.md")], store)
    run_batch([str(SAMPLES)], tmp_path / "out")
    summary = ingest_batch(tmp_path / "out", store)
    assert (summary.new, summary.unchanged) == (len(sample_documents()) - 1, 1)
    files = new_store("files")
    ingest([str(SAMPLES)], files)
    assert store_content(store) == store_content(files)


def test_a_document_met_twice_is_stored_once_under_its_first_name(tmp_path: Path, new_store: NewStore):
    text = (SAMPLES / "nmg_report_2026.md").read_text(encoding="utf-8")
    for name in ("b_first.md", "a_copy.md"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    inputs = [str(tmp_path / "b_first.md"), str(tmp_path / "a_copy.md"), str(SAMPLES / "nmg_report_2026.md")]
    files, batch = loaded_both_ways(inputs, tmp_path / "out", new_store)
    assert [d.name for d in batch.documents()] == ["b_first.md"]
    assert store_content(batch) == store_content(files)


def test_a_batch_with_errors_stores_the_rest_and_names_the_failures(tmp_path: Path, new_store: NewStore):
    (tmp_path / "empty.txt").write_bytes(b"")
    run_batch([str(SAMPLES), str(tmp_path / "empty.txt")], tmp_path / "out")
    summary = ingest_batch(tmp_path / "out", new_store("batch"))
    assert summary.new == len(sample_documents()) and [Path(source).name for source, _ in summary.failed] == [
        "empty.txt"
    ]


def test_an_incomplete_output_is_refused_naming_its_folder(tmp_path: Path, new_store: NewStore):
    run_batch([str(SAMPLES)], tmp_path / "out")
    (tmp_path / "out" / MANIFEST).unlink()
    store = new_store("batch")
    with pytest.raises(InputError, match="不是完整的 luoshi batch 输出") as refused:
        ingest_batch(tmp_path / "out", store)
    assert refused.value.source == str(tmp_path / "out")
    assert store.counts() == {"documents": 0, "statements": 0}


def test_the_command_loads_a_batch_and_refuses_a_partial_one(tmp_path: Path):
    from typer.testing import CliRunner

    from luoshi.cli import app

    run_batch([str(SAMPLES)], tmp_path / "out")
    db = str(tmp_path / "cli.duckdb")
    loaded = CliRunner().invoke(app, ["ingest", "--from-batch", str(tmp_path / "out"), "--db", db])
    assert (
        loaded.exit_code == 0
        and f"新增 {len(sample_documents())} 篇" in loaded.output
        and f"新增 {sample_statements()} 条记录" in loaded.output
    )
    (tmp_path / "out" / MANIFEST).unlink()
    refused = CliRunner().invoke(app, ["ingest", "--from-batch", str(tmp_path / "out"), "--db", db])
    assert refused.exit_code == 2 and str(tmp_path / "out") in refused.output and "不是完整的" in refused.output
    both = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--from-batch", str(tmp_path / "out"), "--db", db])
    assert both.exit_code == 2 and "二者选一" in both.output

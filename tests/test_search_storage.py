"""Index files are read from the memory map in place (app.search.storage)."""

from __future__ import annotations

import io
import pickle
from array import array

import pytest
from whoosh.filedb.structfile import BufferFile, StructFile

from app.search.storage import ViewFile

DATA = b"baris pertama\nbaris kedua\n" + bytes(range(256)) * 40 + b"\nakhir"


def test_a_view_file_reads_seeks_and_splits_lines_like_bytesio():
    ours, theirs = ViewFile(memoryview(DATA)), io.BytesIO(DATA)
    for step in (
        ("read", 5),
        ("readline",),
        ("tell",),
        ("seek", 3),
        ("read", 0),
        ("readline", 4),
        ("seek", -10, 2),
        ("read", -1),
        ("read", 7),
        ("seek", 4, 0),
        ("seek", 6, 1),
        ("readline",),
        ("read", None),
    ):
        name, *args = step
        assert getattr(ours, name)(*args) == getattr(theirs, name)(*args), step
    assert list(ViewFile(DATA)) == list(io.BytesIO(DATA))
    with pytest.raises(ValueError):
        ours.seek(-1)


def test_whoosh_buffer_files_use_the_view_without_copying(app):
    source = bytearray(DATA)
    buffer_file = BufferFile(memoryview(source))
    assert isinstance(buffer_file.file, ViewFile)
    source[0:6] = b"BARIS "  # a copy would not see this
    assert buffer_file.read(6) == b"BARIS "
    assert buffer_file.get(6, 7) == b"pertama"


def test_pickles_and_arrays_load_from_a_view_file(app):
    numbers = array("i", range(50))
    written = io.BytesIO()
    StructFile(written).write_array(numbers)  # as Whoosh stores it (big-endian)
    raw = pickle.dumps({"kata": "layan"}, 2) + written.getvalue()
    buffer_file = BufferFile(memoryview(raw))
    assert buffer_file.read_pickle() == {"kata": "layan"}
    assert list(buffer_file.read_array("i", 50)) == list(numbers)


def test_searches_work_on_an_index_read_in_place(app, make_case_study, client):
    from app.search.indexer import apply_pending
    from app.search.query import SearchRequest, search

    cs = make_case_study(title="Antrean perekaman KTP-el di kecamatan")
    make_case_study(title="Posko banjir terpadu")
    apply_pending()

    results = search(SearchRequest(q="perekaman"))

    assert [hit.case_study.id for hit in results.hits] == [cs.id]

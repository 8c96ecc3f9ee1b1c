"""Reading index files straight from the memory map, without copying them.

Whoosh keeps each segment in one compound file and memory-maps it; every file
inside is then opened as a ``BufferFile`` over a slice of the map. But
``BufferFile`` also wraps the slice in ``io.BytesIO``, and ``BytesIO`` copies
it: opening a searcher copied every segment's postings and term files into
private memory. Measured at 100,000 case studies (578 MB index): opening a
searcher took ~1 s and 1.05 GB per process, and every indexer run, which
opens one more searcher to replace documents, copied it all again (publish
-> searchable ~550 ms, peak 3.9 GB). ``ViewFile`` reads from the slice
itself: a read copies only the bytes asked for, the map's pages are the page
cache's and are shared by every process, and queries are as fast as from the
copy (docs/performance.md).

``install()`` is called once by ``register_search``; Whoosh-Reloaded is frozen
(docs/search.md), so the patch will not meet a changed ``BufferFile``.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.filedb import structfile

_CHUNK = 4096  # bytes looked at per step when searching for a newline


class ViewFile:
    """A read-only file over a ``memoryview``: ``BytesIO`` without its copy."""

    __slots__ = ("_view", "_pos", "_len")

    def __init__(self, buffer: memoryview | bytes) -> None:
        self._view = memoryview(buffer)
        self._pos = 0
        self._len = len(self._view)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._len if size is None or size < 0 else min(start + size, self._len)
        self._pos = max(start, end)
        return self._view[start:end].tobytes()

    def readline(self, size: int | None = -1) -> bytes:
        start = self._pos
        limit = self._len if size is None or size < 0 else min(start + size, self._len)
        end = start
        while end < limit:
            step = min(end + _CHUNK, limit)
            found = self._view[end:step].tobytes().find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end = step
        return self.read(end - start)

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset += self._pos
        elif whence == 2:
            offset += self._len
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._view = memoryview(b"")  # let the map close once nothing else uses it
        self._len = self._pos = 0

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def __enter__(self) -> ViewFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _buffer_file_init(self, buf, name=None, onclose=None) -> None:  # noqa: ANN001
    # BufferFile.__init__ as Whoosh-Reloaded 2.7.5 writes it, but ViewFile for
    # BytesIO. ``get`` and ``get_array`` already read from ``_buf`` directly.
    self._buf = buf
    self._name = name
    self.file = ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def install() -> None:
    """Make Whoosh read buffers in place (idempotent)."""
    structfile.BufferFile.__init__ = _buffer_file_init

"""Screenshots of the main pages at phone and desktop width, for the README.

    make screenshots          (or: .venv/bin/python scripts/screenshots.py)

Serves the demo as the browser tests do (``tests/server.py``: a scratch
SQLite database in a temporary folder, ``flask demo load``, ``flask search
reindex``, gunicorn with 2 workers on a free port), signs in as the demo user
each page is for, and saves the first screen of every page (not the whole
page: a long phone page is 0.5-1 MB) at 360x740 and 1280x800 into
``docs/screenshots/<page>-<phone|desktop>.png``, in Indonesian, with
animations off. Each PNG is then made a 256-colour palette image
(``optimise_png``, standard library only) so the folder stays small; the
script prints each file's size and the folder's total.

Needs the dev requirements (Playwright) and Debian's Chromium, as the browser
tests do. Re-run it after changing templates or CSS, and commit the result.
"""

from __future__ import annotations

import struct
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    DESKTOP,
    MEMBER,
    MODERATOR,
    ORGANISER,
    PHONE,
    sign_in,
)
from tests.server import flask_command, migrated_database, running_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTHS = {
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": DESKTOP},
}


@dataclass(frozen=True)
class Shot:
    name: str  # file name stem, and the README's row
    path: str  # "{case_study}" is replaced by a published case study's URL
    email: str | None = None  # signed in as; None: anonymous


SHOTS = [
    Shot("home", "/"),
    Shot("case-study", "{case_study}"),
    Shot("search", "/cari?q=pelatihan"),
    Shot("write", "/praktik/baru", MEMBER),
    Shot("moderation", "/moderasi", MODERATOR),
    Shot("dashboard", "/evaluasi/program/pelatihan-komunikasi-efektif", ORGANISER),
    Shot("featured", "/praktik-unggulan"),
]


@contextmanager
def demo_site() -> Iterator[tuple[str, Any]]:
    """The demo behind gunicorn: its URL and the server's app (for ids)."""
    with tempfile.TemporaryDirectory(prefix="lumbung-shots-") as tmp:
        folder = Path(tmp)
        with migrated_database(folder) as (env, app):
            for args in (("demo", "load"), ("search", "reindex")):
                done = flask_command(env, *args)
                if done.returncode != 0:
                    raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr}")
            with running_server(env, folder / "server.log", workers=2) as server:
                yield server.url, app


def a_case_study(app: Any) -> str:
    """The URL of the first published demo case study."""
    from app.extensions import db
    from app.models import CaseStudy, Status

    with app.app_context():
        case = db.session.scalars(
            db.select(CaseStudy)
            .where(CaseStudy.status == Status.PUBLISHED)
            .order_by(CaseStudy.id)
        ).first()
        return f"/praktik/{case.id}/{case.slug}"


# -- PNG, smaller ------------------------------------------------------------------


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        yield data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    """The rows of pixels, with PNG's per-row filters undone."""
    stride = width * bpp
    rows: list[bytearray] = []
    previous = bytearray(stride)
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append(line)
        previous = line
    return rows


def _nearest(colour: bytes, palette: list[bytes]) -> int:
    r, g, b = colour
    return min(
        range(len(palette)),
        key=lambda n: (
            (palette[n][0] - r) ** 2
            + (palette[n][1] - g) ** 2
            + (palette[n][2] - b) ** 2
        ),
    )


def optimise_png(data: bytes) -> bytes:
    """The same screenshot in about a third of the bytes: an 8-bit palette
    image of its 256 most common colours, compressed at zlib level 9.

    A page has 700-1,700 colours, but the 256 most common cover 97-99 % of
    the pixels; the rest, the anti-aliased edges of letters, take the nearest
    colour of the palette (what pngquant does, without its dithering). With
    256 colours or fewer nothing changes. Anything but an opaque 8-bit RGB(A)
    PNG, or a result that is not smaller, comes back as it was."""
    chunks = list(_chunks(data))
    header = dict(chunks)[b"IHDR"]
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        return data
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    rows = [
        [bytes(row[i : i + 3]) for i in range(0, len(row), bpp)]
        for row in _unfilter(raw, width, height, bpp)
    ]
    if bpp == 4 and any(raw_alpha != 255 for raw_alpha in _alphas(raw, width, height)):
        return data
    counts = Counter(pixel for row in rows for pixel in row)
    palette = [pixel for pixel, _n in counts.most_common(256)]
    index = {pixel: n for n, pixel in enumerate(palette)}
    for pixel in counts.keys() - index.keys():
        index[pixel] = _nearest(pixel, palette)
    lines = bytearray()
    for row in rows:
        lines.append(0)  # filter "none": the best for palette images
        lines.extend(index[pixel] for pixel in row)
    smaller = b"".join(
        [
            data[:8],
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
            _chunk(b"PLTE", b"".join(palette)),
            _chunk(b"IDAT", zlib.compress(bytes(lines), 9)),
            _chunk(b"IEND", b""),
        ]
    )
    return smaller if len(smaller) < len(data) else data


def _alphas(raw: bytes, width: int, height: int) -> Iterator[int]:
    for row in _unfilter(raw, width, height, 4):
        yield from row[3::4]


# -- taking them -------------------------------------------------------------------


def take(shots: list[Shot] = SHOTS, out: Path = OUT) -> list[Path]:
    """Save every shot at every width into ``out``; returns the files."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with demo_site() as (url, app), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        case_study = a_case_study(app)
        for width, options in WIDTHS.items():
            for shot in shots:
                context = browser.new_context(
                    base_url=url,
                    locale="id-ID",
                    timezone_id="Asia/Jakarta",
                    reduced_motion="reduce",
                    device_scale_factor=1,
                    **options,
                )
                page = context.new_page()
                if shot.email:
                    sign_in(page, shot.email)
                page.goto(shot.path.format(case_study=case_study))
                page.wait_for_load_state("networkidle")
                path = out / f"{shot.name}-{width}.png"
                path.write_bytes(optimise_png(page.screenshot(animations="disabled")))
                saved.append(path)
                context.close()
        browser.close()
    return saved


def main() -> None:
    saved = take()
    for path in saved:
        print(f"{path.stat().st_size:>9,}  {path.relative_to(ROOT)}")
    total = sum(path.stat().st_size for path in OUT.glob("*.png"))
    print(f"{total:>9,}  {OUT.relative_to(ROOT)}/ in all")


if __name__ == "__main__":
    main()

"""Screenshots of the main pages at phone and desktop width, for the README.

    make screenshots          (or: .venv/bin/python scripts/screenshots.py)

Serves the demo as the browser tests do (``tests/server.py``: a scratch
SQLite database in a temporary folder, ``flask demo load``, ``flask search
reindex``, gunicorn with 2 workers on a free port), signs in as the demo user
each page is for, and saves the first screen of every page (not the whole
page: a long phone page is 0.5-1 MB) at 360x740 and 1280x800 into
``docs/screenshots/<page>-<phone|desktop>.png``, in Indonesian, with
animations off. Each PNG is then made a 256-colour palette image
(``optimise_png``, with Pillow) so the folder stays small; the
script prints each file's size and the folder's total.

Needs the dev requirements (Playwright) and Debian's Chromium, as the browser
tests do. Re-run it after changing templates or CSS, and commit the result.
"""

from __future__ import annotations

import io
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
from tests.server import demo_server, first_published_case_study  # noqa: E402

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


def optimise_png(data: bytes) -> bytes:
    """The same screenshot in about a third of the bytes: a palette image of
    256 colours (median cut). A page has 700-1,700 colours, most of them the
    anti-aliased edges of letters; without dithering, which would speckle
    flat backgrounds and grow the file, the page looks the same."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    palette = image.quantize(
        256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


# -- taking them -------------------------------------------------------------------


def take(shots: list[Shot] = SHOTS, out: Path = OUT) -> list[Path]:
    """Save every shot at every width into ``out``; returns the files."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with (
        tempfile.TemporaryDirectory(prefix="lumbung-shots-") as folder,
        demo_server(Path(folder)) as (server, _env, app),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        case_study = first_published_case_study(app)
        for width, options in WIDTHS.items():
            for shot in shots:
                context = browser.new_context(
                    base_url=server.url,
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

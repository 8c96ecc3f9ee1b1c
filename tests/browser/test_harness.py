"""The browser harness itself: a real server, a real Chromium, artefacts on failure."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import MEMBER, artefact_folder, save_artefacts


def test_the_home_page_is_served_to_a_real_browser_in_indonesian(page) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.title().endswith("Lumbung Praktik")


def test_a_demo_member_signs_in_through_the_form(signed_in) -> None:
    page = signed_in(MEMBER)
    assert page.get_by_role("button", name="Keluar").is_visible()


def test_a_failing_test_leaves_a_screenshot_and_the_html(page, tmp_path: Path) -> None:
    page.goto("/")
    saved = save_artefacts([page], tmp_path / "artefacts")
    png, html = sorted(saved, key=lambda path: path.suffix)[::-1]
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "Lumbung Praktik" in html.read_text()


def test_artefacts_go_to_one_folder_per_test_under_test_results() -> None:
    folder = artefact_folder("tests/browser/test_x.py::test_y[360]")
    assert folder.parts[-3:] == (
        "test-results",
        "browser",
        "tests_browser_test_x.py_test_y_360",
    )

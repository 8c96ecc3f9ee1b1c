"""slugify: readable ASCII slugs for Indonesian names and titles."""

from __future__ import annotations

import pytest

from app.text import slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Pelatihan Manajemen Krisis", "pelatihan-manajemen-krisis"),
        ("  Dinas Kesehatan & KB  ", "dinas-kesehatan-kb"),
        ("BKPSDM Kota Medan", "bkpsdm-kota-medan"),
        ("Praktik: 5 langkah (2026)", "praktik-5-langkah-2026"),
        ("Dinas---Kesehatan", "dinas-kesehatan"),
        ("Café Ôlé à Medan", "cafe-ole-a-medan"),
        ("Etika_Pelayanan.Publik", "etika-pelayanan-publik"),
    ],
)
def test_slug_is_lowercase_ascii_joined_by_hyphens(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "   ", "!!!", "محمد", "漢字"])
def test_slug_is_never_empty(text: str) -> None:
    assert slugify(text) == "-"


def test_long_slug_is_cut_at_a_word_boundary() -> None:
    title = "Menurunkan waktu tunggu layanan administrasi kependudukan " * 3
    slug = slugify(title)
    assert len(slug) <= 80
    assert title.lower().replace(" ", "-").startswith(slug + "-")


def test_one_long_word_is_cut_at_the_limit() -> None:
    assert slugify("a" * 200) == "a" * 80
    assert slugify("x " + "b" * 100, max_length=20) == "x-" + "b" * 18


def test_slug_never_ends_with_a_hyphen() -> None:
    assert slugify("x" * 79 + " y") == "x" * 79
    assert not slugify("kata " * 30, max_length=12).endswith("-")

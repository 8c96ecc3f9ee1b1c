"""The Indonesian analyzer finds a word by its root and leaves names and codes alone."""

from __future__ import annotations

import pytest

from app.search.analyzer import stem, terms

ROOTS = {
    "pelatihan": "latih",
    "melatih": "latih",
    "dilatih": "latih",
    "pelayanan": "layan",
    "mengkoordinasikan": "koordinasi",
    "mengoordinasikan": "koordinasi",
    "penanganan": "tangan",
    "ditangani": "tangan",
    "kesehatan": "sehat",
    "antrean": "antre",
    "pembinaan": "bina",
    "pengembangan": "kembang",
    "keterampilan": "terampil",
    "peningkatan": "tingkat",
    "kepuasan": "puas",
    "perbaikan": "baik",
    "penyelenggaraan": "selenggara",
    "pendidikan": "didik",
    "perhubungan": "hubung",
    "kependudukan": "duduk",
    "pencatatan": "catat",
    "kedaruratan": "darurat",
    "mengurangi": "kurang",
    "berhasil": "hasil",
    "menerapkan": "terap",
    "penerapan": "terap",
    "dilaksanakan": "laksana",
    "pelaksanaan": "laksana",
    "keberlanjutan": "lanjut",
    "mengelola": "kelola",
    "pengelolaan": "kelola",
    "berkomunikasi": "komunikasi",
    "kebersihan": "bersih",
    "persampahan": "sampah",
    "pengaduan": "adu",
    "keluhan": "keluh",
    "menyelesaikan": "selesai",
    "penyelesaian": "selesai",
    "pemeriksaan": "periksa",
    "perizinan": "izin",
    "pertemuan": "temu",
    "kebijakan": "bijak",
    "mempercepat": "cepat",
    "percepatan": "cepat",
    "mengevaluasi": "evaluasi",
    "kepemimpinan": "pimpin",
}

WHOLE = [
    "pegawai",
    "masyarakat",
    "masalah",
    "kinerja",
    "pemerataan",
    "perpres",
    "puskesmas",
    "kecamatan",
    "kelurahan",
    "evaluasi",
    "digitalisasi",
    "komunikasi",
]


@pytest.mark.parametrize(("word", "root"), sorted(ROOTS.items()))
def test_affixed_words_stem_to_their_root(word, root):
    assert terms(word) == [root]


@pytest.mark.parametrize("word", WHOLE)
def test_words_that_must_stay_whole(word):
    assert terms(word) == [word]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BPBD", ["bpbd"]),
        ("Disdukcapil", ["disdukcapil"]),
        ("KTP", ["ktp"]),
        ("SIM", ["sim"]),  # not the verb stem of "menyimpan"
        ("e-KTP", ["e-ktp"]),
        ("COVID-19", ["covid-19"]),
        ("RSUD", ["rsud"]),
    ],
)
def test_acronyms_and_codes_are_kept_as_written(text, expected):
    assert terms(text) == expected


def test_reduplication_indexes_the_base_word():
    assert terms("anak-anak") == ["anak"]
    assert terms("pelatihan-pelatihan") == ["latih"]


def test_numbers_survive_whole():
    assert terms("1.500 warga dalam 30 hari") == ["1.500", "warga", "30", "hari"]


def test_markdown_punctuation_is_not_part_of_a_word():
    assert terms("**Penting** _sekali_ `kode`") == ["penting", "sekali", "kode"]


def test_function_words_are_dropped_before_stemming():
    # "sebagai" would otherwise stem to the content word "bagai".
    assert terms("yang dan di sebagai untuk") == []


def test_a_query_word_form_meets_the_document_word_form():
    assert set(terms("melatih")) <= set(terms("Hasil pelatihan manajemen krisis"))


def test_stems_are_cached():
    stem.cache_clear()
    stem("pelatihan")
    stem("pelatihan")
    assert stem.cache_info().hits >= 1

"""Demo community activity: who follows, saves, marks and replicates what.

Case studies are named by their ``import_key`` in ``app.demo.content``;
people by email. Sri Nasution (the demo's anggota) gets a bit of everything,
so signing in as her shows a feed, saved case studies, grouped notices and,
in the development mail log, a digest.
"""

from __future__ import annotations

SRI = "sri.nasution@medan.go.id"

# (follower, kind, target): kind is program / agency / tag (by name) or
# person (by email).
FOLLOWS = [
    (SRI, "program", "Pelatihan Komunikasi Efektif"),
    (SRI, "agency", "Disdukcapil"),
    (SRI, "tag", "antrean"),
    (SRI, "person", "siska.tarigan@medan.go.id"),
    ("putri.lubis@medan.go.id", "program", "Pelatihan Manajemen Krisis"),
    ("putri.lubis@medan.go.id", "person", SRI),
    ("rosmawati.sembiring@medan.go.id", "tag", "puskesmas"),
    ("hendra.sitepu@medan.go.id", "tag", "pelayanan prima"),
    ("wulan.purba@medan.go.id", "agency", "Disdukcapil"),
    ("maya.ginting@medan.go.id", "program", "Seminar Etika Pelayanan Publik"),
    ("fransiskus.sinaga@medan.go.id", "person", SRI),
    ("rahmat.pulungan@medan.go.id", "agency", "Dinas Kesehatan"),
]

# Email choices other than the defaults: Sri reads everything once a day.
DAILY_TOPICS = [(SRI, ["appreciation", "following"])]

# Case studies published after the follows above existed: their followers
# get a "new case study" notice (and the feed shows them anyway).
ANNOUNCED = ["demo:12", "demo:22", "demo:16"]

# (case study, colleagues who marked it bermanfaat).
HELPFUL = [
    (
        "demo:1",
        [
            "putri.lubis@medan.go.id",
            "fransiskus.sinaga@medan.go.id",
            "nurhaliza.siregar@medan.go.id",
            "yusuf.batubara@medan.go.id",
            "rosmawati.sembiring@medan.go.id",
            "hendra.sitepu@medan.go.id",
        ],
    ),
    ("demo:6", [SRI, "wulan.purba@medan.go.id", "maya.ginting@medan.go.id"]),
    ("demo:19", [SRI, "siska.tarigan@medan.go.id", "yusuf.batubara@medan.go.id"]),
    ("demo:23", [SRI, "wulan.purba@medan.go.id"]),
    ("demo:13", ["maya.ginting@medan.go.id"]),
    ("demo:30", [SRI, "irwan.tanjung@medan.go.id"]),
]

# (case study, colleague, note): "saya menerapkan ini juga".
REPLICATIONS = [
    (
        "demo:1",
        "fransiskus.sinaga@medan.go.id",
        "Kami pakai rapat pagi dan satu lembar data yang sama saat banjir "
        "Sei Deli; koordinasi dengan puskesmas jauh lebih cepat.",
    ),
    (
        "demo:1",
        "nurhaliza.siregar@medan.go.id",
        "Diterapkan di dapur umum pengungsian kebakaran Belawan.",
    ),
    ("demo:1", "putri.lubis@medan.go.id", ""),
    (
        "demo:6",
        "wulan.purba@medan.go.id",
        "Nomor antrean lewat WhatsApp untuk layanan surat pindah di kecamatan.",
    ),
    (
        "demo:6",
        "maya.ginting@medan.go.id",
        "Slot warga yang datang langsung tetap kami sisakan, seperti saran penulis.",
    ),
    (
        "demo:19",
        SRI,
        "Puskesmas kami kini memanggil pasien dengan nomor antrean.",
    ),
]

# (person, case studies they saved).
BOOKMARKS = [
    (SRI, ["demo:6", "demo:19", "demo:29"]),
    ("putri.lubis@medan.go.id", ["demo:1"]),
]

# Moderation and verification notices the core demo does not produce, so that
# a moderator's decisions of every kind show up in someone's notifications.
WARNED = (
    "kevin.wijaya@medan.go.id",
    "Komentar Anda berisi promosi kelas berbayar. Kolom komentar dipakai untuk "
    "membahas isi studi kasus; promosi berikutnya akan disembunyikan.",
)
# (case study, reason to lock, reason to unlock).
LOCKED_AND_UNLOCKED = (
    "demo:13",
    "Diskusi memanas dan mulai menyebut nama pedagang; dikunci sementara.",
    "Diskusi dibuka kembali. Mohon tetap membahas caranya, bukan orangnya.",
)
# (case study, reason to hide, reason to restore).
HIDDEN_AND_RESTORED = (
    "demo:10",
    "Bagian tindakan memuat nama dan nomor telepon pemohon andalalin.",
    "Penulis sudah menghapus nama dan nomor telepon pemohon.",
)
# Featured for a while, then made room for another (case study, note, reason).
UNFEATURED = (
    "demo:23",
    "Langkah kecil yang langsung terasa bagi pasien rawat jalan.",
    "Diganti praktik unggulan yang lebih baru dari program yang sama.",
)
# (person, programme, completed on): declared, then verified by the organiser
# (the demo's rejected completion is in app.demo.evaluation_content).
VERIFIED_LATER = (SRI, "Pelatihan Kepemimpinan Pengawas", "2026-11-16")
# A first case study held for review (pre-moderation), then approved.
HELD = {
    "key": "demo:h1",
    "author": "putri.lubis@medan.go.id",
    "program": "Pelatihan Analisis Data untuk Perencanaan",
    "title": "Jadwal dokter puskesmas mengikuti jam ramai pasien",
    "summary": (
        "Data kunjungan tiga bulan menunjukkan jam ramai yang selama ini tidak "
        "terlihat; jadwal dokter digeser dan antrean siang berkurang."
    ),
    "published_at": "2026-11-20T10:00",
    "situation": """
        Puskesmas kami membuka poli umum pukul 08.00 sampai 14.00 dengan dua
        dokter sepanjang hari. Keluhan antrean panjang selalu datang antara
        pukul 09.00 dan 11.00, tetapi setelah pukul 12.00 dokter sering
        menunggu pasien. Kotak saran dan ulasan warga di media sosial
        menyebut hal yang sama setiap bulan: datang pagi berarti menunggu
        hampir satu jam, padahal banyak pasien adalah pekerja harian yang
        harus kembali bekerja sebelum siang.
        """,
    "action": """
        Saya mengekspor data pendaftaran tiga bulan dari SIMPUS dan menghitung
        kedatangan pasien per jam, seperti latihan di pelatihan. Hasilnya
        dibahas dalam lokakarya mini bulanan: satu dokter datang lebih awal,
        pukul 07.30, dan pulang lebih awal; jadwal imunisasi dipindah ke siang.
        Petugas loket ikut menghitung ulang selama dua minggu dengan lembar
        turus sederhana, supaya angka dari SIMPUS dapat dicocokkan dengan
        kenyataan di ruang tunggu. Perubahan jadwal diumumkan di papan depan
        dan di grup WhatsApp kader posyandu sebulan sebelum berlaku.
        """,
    "result": """
        Dalam enam minggu rata-rata waktu tunggu pukul 09.00 sampai 11.00 turun
        dari 58 menjadi 31 menit. Jam kerja dokter tidak bertambah, dan
        keluhan antrean di kotak saran turun dari sebelas menjadi tiga per
        bulan. Imunisasi siang justru lebih tertib karena ibu-ibu tidak lagi
        berbagi ruang tunggu dengan pasien batuk.
        """,
    "lessons": """
        Data yang sudah ada sering cukup; yang kurang adalah waktu untuk
        membacanya bersama. Tunjukkan grafiknya kepada petugas loket dulu:
        merekalah yang paling tahu apakah angkanya masuk akal.
        """,
    "tags": ["puskesmas", "data", "antrean"],
    "metric": ("waktu tunggu jam ramai", "58", "31", "menit"),
}
APPROVAL_NOTE = "Terima kasih, datanya jelas dan tidak memuat data pribadi pasien."

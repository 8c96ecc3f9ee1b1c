"""Synthetic Indonesian case studies for the search benchmark (~600 words each).

Each document has a topic (queues, civil registration, health, floods, ...) that
draws most of its words, the rest come from vocabulary shared by all public
service writing. Words appear in their affixed forms (melayani, pelayanan,
dilayani, layanan), as real text does, so the analyzer's stemmer has work to do
and a query word matches several surface forms. Word choice within a list is
Zipf-like (earlier entries are more frequent), and documents carry a long tail of
place names and figures, so posting lists have realistic shapes: common words
in most documents, topic words in a fraction, names in a few.

Document ``i`` of seed ``s`` is the same whatever N is: the corpus for 1,000 is
the first 1,000 of the corpus for 100,000.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

PROGRAMS = [
    "Workshop Pelayanan Prima",
    "Pelatihan Manajemen Waktu",
    "Pelatihan Manajemen Krisis",
    "Pelatihan Komunikasi Efektif",
    "Seminar Etika Pelayanan Publik",
    "Pelatihan Pengelolaan Pengaduan Masyarakat",
    "Pelatihan Kepemimpinan Pengawas",
    "Pelatihan Analisis Data untuk Perencanaan",
    "Pelatihan Transformasi Digital",
    "Pelatihan Pengelolaan Keuangan Daerah",
    "Bimbingan Teknis Perizinan Berusaha",
    "Pelatihan Manajemen Kepegawaian",
]

PLACES = """Medan Baru|Medan Johor|Medan Tuntungan|Medan Selayang|Medan Sunggal|
Medan Helvetia|Medan Petisah|Medan Barat|Medan Timur|Medan Perjuangan|Medan Tembung|
Medan Denai|Medan Area|Medan Kota|Medan Maimun|Medan Polonia|Medan Amplas|
Medan Marelan|Medan Labuhan|Medan Belawan|Medan Deli|Padang Bulan|Titi Rantai|
Kwala Bekala|Pangkalan Masyur|Sei Sikambing|Petisah Tengah|Sidorame|Glugur Darat|
Tegal Sari|Sukaramai|Kota Matsum|Sei Rengas|Harjosari|Sitirejo|Tanjung Rejo|Babura|
Darat|Merdeka|Tanjung Sari|Asam Kumbang|Helvetia Timur|Dwikora|Bagan Deli|
Belawan Bahari|Kampung Lalang|Simpang Selayang|Gedung Johor|Suka Maju|Pulo Brayan|
Sei Kera Hilir|Bantan|Tembung|Binjai|Mabar|Martubung|Terjun|Rengas Pulau|Labuhan Deli|
Pasar Merah|Teladan Barat|Sudirejo|Amplas|Harjosari Dua|Timbang Deli|Kenangan Baru|
Cinta Damai|Lalang|Sei Agul|Karang Berombak|Pulo Brayan Darat|Gaharu|Durian|Sidodadi"""
PLACES = [p.strip() for p in PLACES.replace("\n", "").split("|")]

# Shared by every topic: the vocabulary of public-service writing.
GENERAL = {
    "subjects": [
        "Tim kami",
        "Kepala seksi",
        "Petugas",
        "Staf pelayanan",
        "Kepala bidang",
        "Sekretaris",
        "Operator",
        "Pegawai baru",
        "Koordinator lapangan",
        "Pimpinan unit",
        "Analis kebijakan",
        "Pengawas",
        "Kepala subbagian umum",
        "Para pelaksana",
        "Tim kecil",
        "Bendahara",
        "Pejabat fungsional",
    ],
    "partners": [
        "kelurahan",
        "kecamatan",
        "dinas terkait",
        "pimpinan",
        "tokoh masyarakat",
        "kepala lingkungan",
        "Diskominfo",
        "BKPSDM",
        "Bappeda",
        "Inspektorat",
        "organisasi perangkat daerah lain",
        "relawan",
        "perguruan tinggi",
        "forum warga",
        "PKK",
        "media lokal",
    ],
    "nouns": [
        "data",
        "jadwal",
        "laporan",
        "masyarakat",
        "rapat",
        "warga",
        "pelayanan",
        "koordinasi",
        "evaluasi",
        "formulir",
        "aplikasi",
        "prosedur",
        "anggaran",
        "standar pelayanan",
        "kegiatan",
        "pimpinan",
        "petunjuk teknis",
        "alur kerja",
        "kesepakatan",
        "dokumen",
        "informasi",
        "target",
        "indikator",
        "arsip",
        "surat edaran",
        "catatan harian",
        "papan informasi",
        "grup percakapan",
        "lembar kerja",
        "rekapitulasi",
        "kebijakan",
        "sosialisasi",
        "pembinaan",
        "pengawasan",
        "perencanaan",
        "pendampingan",
        "penerapan",
        "perbaikan",
        "pelaporan",
        "pendataan",
        "pengelolaan",
        "peningkatan",
        "pemantauan",
        "penjadwalan",
        "penyederhanaan",
        "pengukuran",
        "kepuasan",
        "keterbukaan",
        "kedisiplinan",
        "ketepatan waktu",
        "tanggung jawab",
        "kerja sama",
        "tindak lanjut",
        "kepercayaan",
        "pembagian tugas",
        "umpan balik",
        "rencana aksi",
        "survei kepuasan",
        "kotak saran",
        "kanal pengaduan",
    ],
    "verbs": [
        ("menyusun", "disusun"),
        ("mencatat", "dicatat"),
        ("memantau", "dipantau"),
        ("menjelaskan", "dijelaskan"),
        ("mengoordinasikan", "dikoordinasikan"),
        ("menerapkan", "diterapkan"),
        ("mengevaluasi", "dievaluasi"),
        ("menyederhanakan", "disederhanakan"),
        ("melaporkan", "dilaporkan"),
        ("menindaklanjuti", "ditindaklanjuti"),
        ("menangani", "ditangani"),
        ("melatih", "dilatih"),
        ("melayani", "dilayani"),
        ("mengelola", "dikelola"),
        ("memperbaiki", "diperbaiki"),
        ("meningkatkan", "ditingkatkan"),
        ("mengurangi", "dikurangi"),
        ("menetapkan", "ditetapkan"),
        ("membahas", "dibahas"),
        ("memeriksa", "diperiksa"),
        ("mendata", "didata"),
        ("merencanakan", "direncanakan"),
        ("mengumumkan", "diumumkan"),
        ("menyampaikan", "disampaikan"),
        ("mendampingi", "didampingi"),
        ("membina", "dibina"),
        ("memperkenalkan", "diperkenalkan"),
        ("mengukur", "diukur"),
        ("menguji", "diuji"),
        ("membagikan", "dibagikan"),
        ("menyepakati", "disepakati"),
        ("mengarsipkan", "diarsipkan"),
        ("menyosialisasikan", "disosialisasikan"),
        ("mengawasi", "diawasi"),
        ("menata", "ditata"),
        ("memetakan", "dipetakan"),
        ("merekap", "direkap"),
        ("membandingkan", "dibandingkan"),
        ("memverifikasi", "diverifikasi"),
        ("mempercepat", "dipercepat"),
        ("mengirimkan", "dikirimkan"),
    ],
    "intransitive": [
        "berjalan lancar",
        "meningkat",
        "berkurang",
        "bertambah",
        "menumpuk",
        "terlambat",
        "tertunda",
        "berubah",
        "membaik",
        "menurun",
        "tertib",
        "berulang",
        "terhambat",
        "bergantung pada satu orang",
        "berjalan sendiri-sendiri",
    ],
    "good": [
        "cepat",
        "jelas",
        "tertib",
        "ramah",
        "terukur",
        "sederhana",
        "terbuka",
        "tepat waktu",
        "mudah dipahami",
        "konsisten",
        "rapi",
        "akurat",
    ],
    "bad": [
        "lambat",
        "rumit",
        "tidak jelas",
        "berbelit",
        "menumpuk",
        "terlambat",
        "tidak lengkap",
        "tidak konsisten",
        "tercecer",
        "tumpang tindih",
    ],
    "times": [
        "setiap pagi",
        "setiap pekan",
        "setiap bulan",
        "selama tiga bulan",
        "sejak awal tahun",
        "pada jam sibuk",
        "setiap Senin",
        "dalam dua minggu",
        "pada akhir bulan",
        "selama masa uji coba",
        "setiap sore",
        "pada triwulan kedua",
    ],
    "metrics": [
        ("waktu tunggu", "menit"),
        ("waktu penyelesaian", "hari"),
        ("jumlah keluhan", "keluhan per bulan"),
        ("kepuasan warga", "persen"),
        ("berkas tertunda", "berkas"),
        ("kehadiran peserta", "persen"),
        ("kesalahan data", "kasus"),
        ("biaya operasional", "juta rupiah"),
    ],
}

TOPICS = {
    "antrean": {
        "tags": ["pelayanan publik", "antrean", "loket", "pelayanan prima"],
        "programs": ["Workshop Pelayanan Prima", "Pelatihan Manajemen Waktu"],
        "agencies": [
            "Kecamatan Medan Baru",
            "Kecamatan Medan Johor",
            "Disdukcapil",
            "RSUD dr. Pirngadi",
            "Bapenda",
        ],
        "subjects": ["Petugas loket", "Camat", "Sekretaris camat", "Satpam kantor"],
        "nouns": [
            "antrean",
            "loket",
            "nomor antrean",
            "waktu tunggu",
            "pemohon",
            "ruang tunggu",
            "loket prioritas",
            "antrean pagi",
            "pelayanan loket",
            "jam layanan",
            "antrean daring",
            "pengambilan nomor",
            "kursi tunggu",
            "layanan tatap muka",
            "pengunjung",
            "meja informasi",
        ],
        "verbs": [
            ("mengatur", "diatur"),
            ("memanggil", "dipanggil"),
            ("memangkas", "dipangkas"),
            ("mengantre", "diantre"),
            ("membuka", "dibuka"),
            ("memisahkan", "dipisahkan"),
            ("mengarahkan", "diarahkan"),
            ("menunggu", "ditunggu"),
        ],
        "metrics": [
            ("waktu tunggu", "menit"),
            ("panjang antrean", "orang"),
            ("pemohon terlayani", "orang per hari"),
        ],
    },
    "kependudukan": {
        "tags": ["e-KTP", "Disdukcapil", "administrasi kependudukan", "jemput bola"],
        "programs": ["Workshop Pelayanan Prima", "Pelatihan Transformasi Digital"],
        "agencies": ["Disdukcapil", "Kecamatan Medan Baru", "Kecamatan Medan Deli"],
        "subjects": [
            "Operator perekaman",
            "Petugas Disdukcapil",
            "Kepala seksi identitas",
        ],
        "nouns": [
            "KTP-el",
            "e-KTP",
            "kartu keluarga",
            "akta kelahiran",
            "NIK",
            "perekaman",
            "pencetakan",
            "blangko",
            "dokumen kependudukan",
            "administrasi kependudukan",
            "pindah datang",
            "akta kematian",
            "perekaman biometrik",
            "kependudukan",
            "data penduduk",
            "KIA",
        ],
        "verbs": [
            ("merekam", "direkam"),
            ("mencetak", "dicetak"),
            ("menerbitkan", "diterbitkan"),
            ("mendaftarkan", "didaftarkan"),
            ("mencocokkan", "dicocokkan"),
            ("memperbarui", "diperbarui"),
            ("menjemput", "dijemput"),
        ],
        "metrics": [
            ("waktu penerbitan KTP-el", "hari"),
            ("blangko tersedia", "keping"),
            ("perekaman per hari", "orang"),
        ],
    },
    "kesehatan": {
        "tags": ["kesehatan", "puskesmas", "DBD", "imunisasi", "posyandu", "stunting"],
        "programs": [
            "Pelatihan Manajemen Krisis",
            "Pelatihan Analisis Data untuk Perencanaan",
            "Pelatihan Komunikasi Efektif",
        ],
        "agencies": ["Dinas Kesehatan", "RSUD dr. Pirngadi", "Puskesmas Padang Bulan"],
        "subjects": [
            "Kepala puskesmas",
            "Bidan",
            "Kader posyandu",
            "Perawat",
            "Petugas surveilans",
            "Juru pemantau jentik",
            "Dokter jaga",
        ],
        "nouns": [
            "puskesmas",
            "pasien",
            "DBD",
            "demam berdarah",
            "jentik nyamuk",
            "fogging",
            "imunisasi",
            "balita",
            "posyandu",
            "stunting",
            "pemeriksaan kesehatan",
            "rawat jalan",
            "rujukan",
            "obat",
            "kesehatan ibu dan anak",
            "gizi buruk",
            "penimbangan balita",
            "surveilans",
            "kasus baru",
            "kunjungan rumah",
            "ibu hamil",
            "pemberantasan sarang nyamuk",
            "rekam medis",
            "tenaga kesehatan",
        ],
        "verbs": [
            ("memeriksa", "diperiksa"),
            ("merujuk", "dirujuk"),
            ("mengimunisasi", "diimunisasi"),
            ("menimbang", "ditimbang"),
            ("merawat", "dirawat"),
            ("mencegah", "dicegah"),
            ("mengobati", "diobati"),
            ("mengunjungi", "dikunjungi"),
        ],
        "metrics": [
            ("kasus DBD", "kasus per bulan"),
            ("cakupan imunisasi", "persen"),
            ("angka bebas jentik", "persen"),
            ("balita stunting", "anak"),
        ],
    },
    "bencana": {
        "tags": ["manajemen krisis", "banjir", "BPBD", "kebencanaan", "evakuasi"],
        "programs": ["Pelatihan Manajemen Krisis", "Pelatihan Kepemimpinan Pengawas"],
        "agencies": ["BPBD", "Kecamatan Medan Johor", "Dinas Sosial", "Satpol PP"],
        "subjects": [
            "Petugas BPBD",
            "Relawan tangguh bencana",
            "Koordinator posko",
            "Tim reaksi cepat",
            "Lurah",
        ],
        "nouns": [
            "banjir",
            "posko",
            "pengungsi",
            "evakuasi",
            "logistik",
            "genangan",
            "bantaran sungai",
            "peringatan dini",
            "kebakaran",
            "pompa air",
            "tanggap darurat",
            "air bersih",
            "rencana kontingensi",
            "simulasi",
            "jalur evakuasi",
            "status siaga",
            "kedaruratan",
            "korban",
            "dapur umum",
            "pos komando",
            "kesiapsiagaan",
            "curah hujan",
        ],
        "verbs": [
            ("mengevakuasi", "dievakuasi"),
            ("menyalurkan", "disalurkan"),
            ("menyiagakan", "disiagakan"),
            ("mendirikan", "didirikan"),
            ("mengungsikan", "diungsikan"),
            ("memperingatkan", "diperingatkan"),
            ("menanggulangi", "ditanggulangi"),
        ],
        "metrics": [
            ("waktu evakuasi", "menit"),
            ("warga mengungsi", "jiwa"),
            ("pasokan air bersih", "liter per hari"),
        ],
    },
    "waktu": {
        "tags": ["manajemen waktu", "disposisi", "rapat efektif", "prioritas"],
        "programs": ["Pelatihan Manajemen Waktu", "Pelatihan Kepemimpinan Pengawas"],
        "agencies": ["Bappeda", "BKPSDM", "Dinas Pendidikan", "Dinas Perhubungan"],
        "subjects": [
            "Kepala bagian umum",
            "Sekretaris dinas",
            "Ajudan",
            "Staf tata usaha",
        ],
        "nouns": [
            "disposisi",
            "rapat",
            "agenda",
            "prioritas",
            "tenggat",
            "pekerjaan tertunda",
            "blok waktu",
            "notulen",
            "surat masuk",
            "tumpukan berkas",
            "jadwal kerja",
            "matriks prioritas",
            "waktu kerja",
            "tugas rutin",
            "lembur",
            "delegasi",
        ],
        "verbs": [
            ("mendisposisikan", "didisposisikan"),
            ("memprioritaskan", "diprioritaskan"),
            ("mendelegasikan", "didelegasikan"),
            ("menjadwalkan", "dijadwalkan"),
            ("membatasi", "dibatasi"),
            ("menyelesaikan", "diselesaikan"),
        ],
        "metrics": [
            ("durasi rapat", "menit"),
            ("disposisi tertunda", "surat"),
            ("jam lembur", "jam per bulan"),
        ],
    },
    "komunikasi": {
        "tags": [
            "komunikasi efektif",
            "bahasa sederhana",
            "keluhan warga",
            "media sosial",
        ],
        "programs": ["Pelatihan Komunikasi Efektif", "Workshop Pelayanan Prima"],
        "agencies": [
            "Diskominfo",
            "Dinas Sosial",
            "RSUD dr. Pirngadi",
            "Kecamatan Medan Baru",
        ],
        "subjects": ["Admin media sosial", "Juru bicara", "Petugas informasi", "Humas"],
        "nouns": [
            "komunikasi",
            "keluhan",
            "pesan singkat",
            "bahasa sederhana",
            "media sosial",
            "percakapan sulit",
            "penjelasan",
            "pengumuman",
            "pesan layanan",
            "nada bicara",
            "mendengarkan aktif",
            "sapaan",
            "informasi publik",
            "siaran pers",
            "balasan",
            "pertanyaan warga",
        ],
        "verbs": [
            ("mendengarkan", "didengarkan"),
            ("membalas", "dibalas"),
            ("mengomunikasikan", "dikomunikasikan"),
            ("menyapa", "disapa"),
            ("menenangkan", "ditenangkan"),
            ("menulis ulang", "ditulis ulang"),
        ],
        "metrics": [
            ("waktu balasan", "jam"),
            ("keluhan berulang", "kasus"),
            ("pertanyaan yang sama", "kali per hari"),
        ],
    },
    "etika": {
        "tags": ["etika", "integritas", "gratifikasi", "antikorupsi"],
        "programs": [
            "Seminar Etika Pelayanan Publik",
            "Pelatihan Kepemimpinan Pengawas",
        ],
        "agencies": [
            "Inspektorat",
            "Kecamatan Medan Johor",
            "Dinas Perhubungan",
            "BKPSDM",
        ],
        "subjects": ["Inspektur pembantu", "Kepala unit", "Petugas pelayanan"],
        "nouns": [
            "gratifikasi",
            "integritas",
            "konflik kepentingan",
            "calo",
            "uang terima kasih",
            "pungutan liar",
            "kode etik",
            "kejujuran",
            "zona integritas",
            "benturan kepentingan",
            "pelaporan gratifikasi",
            "data pribadi",
            "keadilan",
            "perlakuan yang sama",
            "nilai BerAKHLAK",
        ],
        "verbs": [
            ("menolak", "ditolak"),
            ("mencegah", "dicegah"),
            ("melaporkan", "dilaporkan"),
            ("menegakkan", "ditegakkan"),
            ("melindungi", "dilindungi"),
            ("menertibkan", "ditertibkan"),
        ],
        "metrics": [
            ("laporan gratifikasi", "laporan"),
            ("calo di halaman kantor", "orang"),
            ("keluhan pungutan", "keluhan"),
        ],
    },
    "pengaduan": {
        "tags": ["pengaduan", "SP4N-LAPOR", "tindak lanjut", "keluhan warga"],
        "programs": [
            "Pelatihan Pengelolaan Pengaduan Masyarakat",
            "Pelatihan Komunikasi Efektif",
        ],
        "agencies": [
            "Diskominfo",
            "Dinas Lingkungan Hidup",
            "Satpol PP",
            "Inspektorat",
        ],
        "subjects": ["Admin pengaduan", "Pengelola SP4N-LAPOR", "Tim tindak lanjut"],
        "nouns": [
            "pengaduan",
            "aduan",
            "SP4N-LAPOR",
            "pelapor",
            "laporan warga",
            "jawaban",
            "status aduan",
            "pengadu",
            "aduan berulang",
            "penyelesaian aduan",
            "kanal aduan",
            "pengaduan masyarakat",
        ],
        "verbs": [
            ("mengadukan", "diadukan"),
            ("menjawab", "dijawab"),
            ("meneruskan", "diteruskan"),
            ("menuntaskan", "dituntaskan"),
            ("memilah", "dipilah"),
            ("menutup", "ditutup"),
        ],
        "metrics": [
            ("aduan tuntas", "persen"),
            ("waktu tindak lanjut", "hari"),
            ("aduan tertunda", "aduan"),
        ],
    },
    "digital": {
        "tags": ["digitalisasi", "aplikasi", "layanan daring", "transformasi digital"],
        "programs": [
            "Pelatihan Transformasi Digital",
            "Pelatihan Analisis Data untuk Perencanaan",
        ],
        "agencies": ["Diskominfo", "Bapenda", "Disdukcapil", "BKPSDM"],
        "subjects": ["Pranata komputer", "Pengembang aplikasi", "Admin sistem"],
        "nouns": [
            "aplikasi",
            "layanan daring",
            "digitalisasi",
            "tanda tangan elektronik",
            "dasbor",
            "sistem informasi",
            "formulir daring",
            "server",
            "basis data",
            "QR code",
            "WhatsApp",
            "portal layanan",
            "integrasi data",
            "pengguna",
            "akun",
            "kata sandi",
            "unggah berkas",
        ],
        "verbs": [
            ("mendigitalkan", "didigitalkan"),
            ("mengunggah", "diunggah"),
            ("mengintegrasikan", "diintegrasikan"),
            ("mengembangkan", "dikembangkan"),
            ("memindai", "dipindai"),
            ("mengotomatiskan", "diotomatiskan"),
        ],
        "metrics": [
            ("pengguna aktif", "orang"),
            ("berkas kertas", "lembar per bulan"),
            ("permohonan daring", "persen"),
        ],
    },
    "kepegawaian": {
        "tags": ["kepegawaian", "pengembangan kompetensi", "mentoring", "CPNS"],
        "programs": [
            "Pelatihan Manajemen Kepegawaian",
            "Pelatihan Kepemimpinan Pengawas",
        ],
        "agencies": ["BKPSDM", "Sekretariat Daerah", "Dinas Pendidikan"],
        "subjects": [
            "Analis kepegawaian",
            "Mentor",
            "Kepala BKPSDM",
            "Atasan langsung",
        ],
        "nouns": [
            "kepegawaian",
            "CPNS",
            "PPPK",
            "kenaikan pangkat",
            "mutasi",
            "cuti",
            "pensiun",
            "kompetensi",
            "jam pelajaran",
            "penilaian kinerja",
            "SKP",
            "pengembangan kompetensi",
            "mentoring",
            "orientasi",
            "formasi",
            "absensi",
            "jabatan fungsional",
            "sasaran kinerja",
        ],
        "verbs": [
            ("mengangkat", "diangkat"),
            ("membimbing", "dibimbing"),
            ("menilai", "dinilai"),
            ("memutasi", "dimutasi"),
            ("mengusulkan", "diusulkan"),
            ("mengembangkan", "dikembangkan"),
        ],
        "metrics": [
            ("usulan kenaikan pangkat terlambat", "berkas"),
            ("capaian JP", "jam"),
            ("nilai SKP", "poin"),
        ],
    },
    "keuangan": {
        "tags": ["keuangan daerah", "pajak daerah", "anggaran", "PBB"],
        "programs": [
            "Pelatihan Pengelolaan Keuangan Daerah",
            "Pelatihan Analisis Data untuk Perencanaan",
        ],
        "agencies": ["Bapenda", "BPKAD", "Bappeda", "Inspektorat"],
        "subjects": ["Bendahara pengeluaran", "Petugas pajak", "Pejabat penatausahaan"],
        "nouns": [
            "anggaran",
            "realisasi",
            "pajak daerah",
            "PBB",
            "wajib pajak",
            "retribusi",
            "belanja",
            "SPJ",
            "pertanggungjawaban",
            "kas daerah",
            "tunggakan",
            "tagihan",
            "penerimaan",
            "laporan keuangan",
            "audit",
        ],
        "verbs": [
            ("membayar", "dibayar"),
            ("menagih", "ditagih"),
            ("membelanjakan", "dibelanjakan"),
            ("mempertanggungjawabkan", "dipertanggungjawabkan"),
            ("menganggarkan", "dianggarkan"),
            ("menyetor", "disetor"),
        ],
        "metrics": [
            ("realisasi anggaran", "persen"),
            ("tunggakan PBB", "juta rupiah"),
            ("SPJ terlambat", "dokumen"),
        ],
    },
    "perizinan": {
        "tags": ["perizinan", "PBG", "izin usaha", "OSS"],
        "programs": ["Bimbingan Teknis Perizinan Berusaha", "Workshop Pelayanan Prima"],
        "agencies": ["DPMPTSP", "Dinas Perhubungan", "Dinas Lingkungan Hidup"],
        "subjects": ["Petugas perizinan", "Tim teknis", "Verifikator"],
        "nouns": [
            "izin",
            "perizinan",
            "permohonan",
            "PBG",
            "OSS",
            "izin usaha",
            "persyaratan",
            "berkas permohonan",
            "rekomendasi teknis",
            "UMKM",
            "pelaku usaha",
            "survei lapangan",
            "surat izin",
            "andalalin",
        ],
        "verbs": [
            ("mengajukan", "diajukan"),
            ("menyetujui", "disetujui"),
            ("menerbitkan", "diterbitkan"),
            ("memproses", "diproses"),
            ("melengkapi", "dilengkapi"),
            ("menolak", "ditolak"),
        ],
        "metrics": [
            ("waktu terbit izin", "hari"),
            ("permohonan ditolak", "persen"),
            ("berkas kurang lengkap", "berkas"),
        ],
    },
    "pendidikan": {
        "tags": ["pendidikan", "sekolah", "PPDB", "guru"],
        "programs": [
            "Pelatihan Kepemimpinan Pengawas",
            "Pelatihan Analisis Data untuk Perencanaan",
        ],
        "agencies": ["Dinas Pendidikan", "SMP Negeri 1 Medan"],
        "subjects": ["Kepala sekolah", "Guru", "Pengawas sekolah", "Operator sekolah"],
        "nouns": [
            "sekolah",
            "murid",
            "guru",
            "PPDB",
            "zonasi",
            "rapor pendidikan",
            "pembelajaran",
            "ruang kelas",
            "orang tua murid",
            "literasi",
            "penerimaan murid baru",
            "supervisi",
            "kurikulum",
            "ujian",
        ],
        "verbs": [
            ("mengajar", "diajar"),
            ("mendidik", "dididik"),
            ("menerima", "diterima"),
            ("membimbing", "dibimbing"),
            ("mensupervisi", "disupervisi"),
            ("mendaftar", "didaftar"),
        ],
        "metrics": [
            ("keluhan PPDB", "keluhan"),
            ("kunjungan supervisi", "kali"),
            ("nilai literasi", "poin"),
        ],
    },
    "lingkungan": {
        "tags": ["kebersihan", "sampah", "lingkungan hidup", "bank sampah"],
        "programs": [
            "Workshop Pelayanan Prima",
            "Pelatihan Pengelolaan Pengaduan Masyarakat",
        ],
        "agencies": ["Dinas Lingkungan Hidup", "Kecamatan Medan Denai", "Satpol PP"],
        "subjects": ["Petugas kebersihan", "Pengawas TPS", "Kepala lingkungan"],
        "nouns": [
            "sampah",
            "TPS",
            "kebersihan",
            "bank sampah",
            "pengangkutan sampah",
            "truk sampah",
            "drainase",
            "parit",
            "pemilahan",
            "ruang terbuka hijau",
            "lingkungan hidup",
            "bau",
            "pembakaran sampah",
            "kompos",
        ],
        "verbs": [
            ("mengangkut", "diangkut"),
            ("membersihkan", "dibersihkan"),
            ("memilah", "dipilah"),
            ("mengolah", "diolah"),
            ("menertibkan", "ditertibkan"),
            ("menanam", "ditanam"),
        ],
        "metrics": [
            ("sampah terangkut", "ton per hari"),
            ("TPS liar", "titik"),
            ("keluhan sampah", "keluhan"),
        ],
    },
    "sosial": {
        "tags": ["bantuan sosial", "lansia", "disabilitas", "data terpadu"],
        "programs": [
            "Pelatihan Analisis Data untuk Perencanaan",
            "Seminar Etika Pelayanan Publik",
        ],
        "agencies": [
            "Dinas Sosial",
            "Kecamatan Medan Belawan",
            "Kecamatan Medan Marelan",
        ],
        "subjects": ["Pendamping sosial", "Pekerja sosial", "Petugas pendataan"],
        "nouns": [
            "bantuan sosial",
            "penerima bantuan",
            "lansia",
            "disabilitas",
            "DTKS",
            "keluarga miskin",
            "data ganda",
            "kemiskinan",
            "penyaluran bantuan",
            "verifikasi lapangan",
            "kelompok rentan",
            "anak terlantar",
            "rumah singgah",
            "sembako",
        ],
        "verbs": [
            ("menyalurkan", "disalurkan"),
            ("memverifikasi", "diverifikasi"),
            ("mendampingi", "didampingi"),
            ("mengusulkan", "diusulkan"),
            ("mencoret", "dicoret"),
            ("menjangkau", "dijangkau"),
        ],
        "metrics": [
            ("data ganda", "nama"),
            ("bantuan tepat sasaran", "persen"),
            ("lansia terjangkau", "orang"),
        ],
    },
    "perhubungan": {
        "tags": ["perhubungan", "parkir", "uji KIR", "lalu lintas"],
        "programs": ["Workshop Pelayanan Prima", "Pelatihan Manajemen Waktu"],
        "agencies": ["Dinas Perhubungan", "Satpol PP"],
        "subjects": ["Juru parkir", "Petugas dishub", "Penguji kendaraan"],
        "nouns": [
            "parkir",
            "juru parkir",
            "uji KIR",
            "kendaraan",
            "angkutan kota",
            "lalu lintas",
            "kemacetan",
            "rambu",
            "halte",
            "retribusi parkir",
            "trayek",
            "terminal",
            "persimpangan",
            "pengemudi",
        ],
        "verbs": [
            ("mengatur", "diatur"),
            ("menguji", "diuji"),
            ("menertibkan", "ditertibkan"),
            ("memasang", "dipasang"),
            ("menarik", "ditarik"),
            ("mengalihkan", "dialihkan"),
        ],
        "metrics": [
            ("waktu uji KIR", "menit"),
            ("keluhan parkir", "keluhan"),
            ("titik macet", "titik"),
        ],
    },
}
TOPIC_NAMES = list(TOPICS)

SITUATION = [
    "Sebelumnya, {np} {bad} karena {np2} belum {pass}.",
    "Di {place}, {np} sering {intr}.",
    "Setiap hari sekitar {n} warga datang, dan {np} {intr} {time}.",
    "Keluhan yang paling sering muncul adalah {np} yang {bad}.",
    "{Subj} {act} {np} secara manual, sehingga {np2} {intr}.",
    "Data {time} menunjukkan {metric} mencapai {n} {unit}.",
    "Tidak ada yang memegang gambaran utuh tentang {np}.",
    "{Np} {pass} oleh tiap bagian sendiri-sendiri, tanpa {np2} yang sama.",
    "Warga {place} mengeluhkan {np} yang {bad} dan {np2} yang {bad2}.",
]
ACTION = [
    "Kami {act} {np} {time}.",
    "{Subj} {act} {np} bersama {partner}.",
    "Langkah pertama adalah {np} di {place}.",
    "{Np} {pass} {time}, lalu {pass2} oleh {subj}.",
    "Setiap {day}, {subj} {act} {np} dan {act2} {np2}.",
    "Kami juga {act} {np} agar {np2} lebih {good}.",
    "Bersama {partner}, tim {act} {np} sesuai {np2}.",
    "Sesuai materi {program}, kami {act} {np} lebih dahulu.",
    "Seperti yang kami latih di {program}, {subj} {act} {np}.",
    "{Person} {act} {np} dan {act2} {np2} {time}.",
    "{Subj} {act} {np} dengan format tetap dan {act2} {np2}.",
    "Untuk {np}, kami {act} {np2} terlebih dahulu.",
]
RESULT = [
    "Hasilnya, {metric} turun dari {n} menjadi {m} {unit}.",
    "{Metric} naik dari {m} menjadi {n} {unit} dalam {k} bulan.",
    "Dalam {k} bulan, {np} {goodintr}.",
    "Survei kepuasan menunjukkan {pct} persen warga puas dengan {np}.",
    "{Np} kini {pass} {time} tanpa {np2} yang {bad}.",
    "Pimpinan meminta agar {np} ini {pass} juga di {place}.",
    "Menurut {person}, {np} di {place} kini {goodintr}.",
    "Jumlah {np} yang {bad} berkurang menjadi {m} {unit}.",
]
LESSONS = [
    "{Np} harus {pass} sejak awal.",
    "Libatkan {partner} sejak {np} mulai {pass}.",
    "Perubahan kecil pada {np} lebih mudah {pass} daripada perubahan besar.",
    "Yang paling penting adalah {np} yang {good} dan {np2} yang {good2}.",
    "Jangan menunggu {np} sempurna untuk mulai {act} {np2}.",
    "Catat setiap keputusan tentang {np} hari itu juga.",
    "{Np} yang {good} membuat {partner} mau terlibat.",
]
TITLE = [
    "{Np} di {place} tak lagi {bad}",
    "{Act} {np} lewat {np2}",
    "Dari {np} yang {bad} menjadi {np2} yang {good}",
    "{Np} dan {np2} di {place}",
    "Cara kami {act} {np}",
    "{Np} {good} untuk warga {place}",
]
DAYS = ["pagi", "Senin", "Jumat", "sore", "akhir pekan", "awal bulan"]
GOOD_INTRANSITIVE = [
    "membaik",
    "berjalan lancar",
    "lebih tertib",
    "lebih cepat",
    "tidak lagi menumpuk",
    "tuntas tepat waktu",
]
REAL_SHARE = 0.15  # sentences taken from the demo case studies
NAMES = """Rina Siregar|Hendra Sitepu|Dewi Harahap|Fransiskus Sinaga|Sri Nasution|
Dedi Hasibuan|Putri Lubis|Rosmawati Sembiring|Maya Tarigan|Budi Santoso|Agus Pane|
Nurhayati Daulay|Yusuf Batubara|Lestari Ginting|Johan Simanjuntak|Ayu Pohan|
Rahmat Lubis|
Indah Purba|Fadli Rangkuti|Wulan Manurung|Taufik Ritonga|Sari Damanik|Andi Pardede|
Melati Hutagalung|Irwan Saragih|Citra Panjaitan|Bambang Wijaya|Siti Aminah|
Eko Prasetyo|
Kartini Simbolon|Rudi Hutapea|Nova Silalahi|Teguh Situmorang|Dian Nainggolan|
Hasan Nasution"""
NAMES = [n.strip() for n in NAMES.replace("\n", "").split("|")]
SECTION_WORDS = 135  # x4 sections + title + summary ~ 600 words
SUMMARY_WORDS = 40


@dataclass
class Document:
    title: str
    summary: str
    situation: str
    action: str
    result: str
    lessons: str
    topic: str
    program: str
    agency: str
    tags: list[str] = field(default_factory=list)
    published_at: datetime | None = None


class _Zipf:
    """Pick from a list, earlier entries more often (weight 1/rank^0.8)."""

    def __init__(self, items: list) -> None:
        self.items = items
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(items))]
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):  # noqa: ANN201
        x = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect(self.cumulative, x)]


def _pools(names: list[str]) -> dict[str, dict[str, _Zipf]]:
    out = {}
    for name in names:
        topic = TOPICS[name]
        out[name] = {
            key: _Zipf(topic[key]) for key in ("subjects", "nouns", "verbs", "metrics")
        }
    return out


_TOPIC_POOLS = _pools(TOPIC_NAMES)
_GENERAL = {key: _Zipf(value) for key, value in GENERAL.items()}
_PLACES = _Zipf(PLACES)
_NAMES = _Zipf(NAMES)


@functools.cache
def _real_sentences() -> list[str]:
    """Sentences of the demo case studies (real vocabulary for the long tail)."""
    from app.demo import content

    text = " ".join(
        " ".join(str(value).split())
        for case in content.CASE_STUDIES
        for value in case.values()
        if isinstance(value, str) and len(value) > 80
    )
    found = re.findall(r"[A-Z][^.!?]{20,}[.!?](?=\s|$)", text)
    return [s.replace("**", "") for s in found if len(s.split()) > 5]


EPOCH = datetime(2021, 1, 4, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=5 * 365 + 300)


class _Writer:
    """Fills sentence templates for one document."""

    def __init__(self, rng: random.Random, topic: str, program: str) -> None:
        self.rng = rng
        self.topic = _TOPIC_POOLS[topic]
        self.program = program.lower()

    def _from(self, key: str, topical: float = 0.6):  # noqa: ANN202
        pool = (
            self.topic
            if key in self.topic and self.rng.random() < topical
            else _GENERAL
        )
        return pool[key].pick(self.rng)

    def np(self) -> str:
        noun = self._from("nouns")
        roll = self.rng.random()
        if roll < 0.25:
            return f"{noun} {self._from('nouns', 0.8)}"
        if roll < 0.35:
            return f"{noun} di {_PLACES.pick(self.rng)}"
        return noun

    def slots(self) -> dict[str, str]:
        rng = self.rng
        act, passive = self._from("verbs")
        act2, passive2 = self._from("verbs")
        metric, unit = self._from("metrics", 0.7)
        n = rng.choice([rng.randint(2, 60), rng.randint(60, 900), rng.randint(5, 99)])
        np, np2 = self.np(), self.np()
        person = f"{rng.choice(('Bu', 'Pak'))} {_NAMES.pick(rng)}"
        return {
            "np": np,
            "Np": np[0].upper() + np[1:],
            "np2": np2,
            "act": act,
            "Act": act.capitalize(),
            "act2": act2,
            "pass": passive,
            "pass2": passive2,
            "subj": self._from("subjects").lower(),
            "Subj": self._from("subjects"),
            "partner": _GENERAL["partners"].pick(rng),
            "place": _PLACES.pick(rng),
            "time": _GENERAL["times"].pick(rng),
            "day": rng.choice(DAYS),
            "intr": _GENERAL["intransitive"].pick(rng),
            "good": _GENERAL["good"].pick(rng),
            "good2": _GENERAL["good"].pick(rng),
            "bad": _GENERAL["bad"].pick(rng),
            "bad2": _GENERAL["bad"].pick(rng),
            "goodintr": rng.choice(GOOD_INTRANSITIVE),
            "metric": metric,
            "Metric": metric[0].upper() + metric[1:],
            "unit": unit,
            "n": str(n),
            "m": str(max(1, n // rng.randint(2, 5))),
            "k": str(rng.randint(2, 12)),
            "pct": str(rng.randint(62, 97)),
            "program": self.program,
            "person": person,
            "Person": person,
        }

    def sentence(self, templates: list[str], real: float = 0.0) -> str:
        if self.rng.random() < real:  # a real sentence: real vocabulary, real phrasing
            return self.rng.choice(_real_sentences())
        return self.rng.choice(templates).format(**self.slots())

    def paragraphs(self, templates: list[str], words: int) -> str:
        sentences: list[str] = []
        count = 0
        while count < words:
            sentence = self.sentence(templates, REAL_SHARE)
            sentences.append(sentence)
            count += len(sentence.split())
        # Three or four sentences per paragraph, blank lines between, as people write.
        parts, i = [], 0
        while i < len(sentences):
            step = self.rng.randint(3, 4)
            parts.append(" ".join(sentences[i : i + step]))
            i += step
        return "\n\n".join(parts)


def document(i: int, seed: int = 2026) -> Document:
    """Document number ``i`` of the corpus with ``seed`` (independent of N)."""
    rng = random.Random(f"{seed}:{i}")
    topic = TOPIC_NAMES[
        min(int(rng.paretovariate(1.2)) - 1, len(TOPIC_NAMES) - 1)
        if rng.random() < 0.3
        else rng.randrange(len(TOPIC_NAMES))
    ]
    spec = TOPICS[topic]
    program = (
        rng.choice(spec["programs"]) if rng.random() < 0.85 else rng.choice(PROGRAMS)
    )
    writer = _Writer(rng, topic, program)
    title = writer.sentence(TITLE)[:200]
    summary = " ".join(writer.sentence(SITUATION[:5] + RESULT[:4]) for _ in range(3))
    tags = rng.sample(spec["tags"], rng.randint(2, min(4, len(spec["tags"]))))
    if rng.random() < 0.3:
        tags.append(rng.choice(TOPICS[rng.choice(TOPIC_NAMES)]["tags"]))
    return Document(
        title=title,
        summary=summary[:500].rsplit(" ", 1)[0] if len(summary) > 500 else summary,
        situation=writer.paragraphs(SITUATION, SECTION_WORDS),
        action=writer.paragraphs(ACTION, SECTION_WORDS),
        result=writer.paragraphs(RESULT, SECTION_WORDS),
        lessons=writer.paragraphs(LESSONS, SECTION_WORDS),
        topic=topic,
        program=program,
        agency=rng.choice(spec["agencies"]),
        tags=list(dict.fromkeys(tags)),
        published_at=EPOCH + SPAN * rng.random(),
    )


def agencies() -> list[str]:
    """Every agency name the corpus uses, in a stable order."""
    names = {a for spec in TOPICS.values() for a in spec["agencies"]}
    return sorted(names)


def tags() -> list[str]:
    return sorted({t for spec in TOPICS.values() for t in spec["tags"]})


if __name__ == "__main__":  # print a sample: python bench/corpus.py [i]
    import sys

    doc = document(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    body = "\n\n".join([doc.situation, doc.action, doc.result, doc.lessons])
    print(doc.title, "|", doc.program, "|", doc.agency, "|", doc.tags)
    print(doc.summary, "\n")
    print(body)
    words = sum(len(x.split()) for x in (doc.title, doc.summary, body))
    print("\n", words, "words")

"""Demo content for ``flask demo load``: data only, turned into rows by the loader.

The agencies and programmes are the kinds Medan really has; the people, their
NIPs and every figure are invented. Case-study dates are WIB (ISO 8601).
The crisis story from the seed evaluation is ``demo:1``.
"""

from app.demo.evaluation_content import STAFF

# One shared password for every demo account; the README documents it.
# Public on purpose (README, `flask demo load` prints it): a documented demo
# password for demo data only, not a secret.
DEMO_PASSWORD = "demo-lumbung-2026"  # nosec B105  # documented, demo only

AGENCIES = [
    "Dinas Kesehatan",
    "BKPSDM",
    "Disdukcapil",
    "Dinas Pendidikan",
    "Dinas Perhubungan",
    "Bappeda",
    "BPBD",
    "Kecamatan Medan Baru",
    "Kecamatan Medan Johor",
    "RSUD dr. Pirngadi",
    "Dinas Sosial",
    "Satpol PP",
    "Diskominfo",
    "Bapenda",
    "Dinas Lingkungan Hidup",
]

PROGRAMS = [
    {
        "name": "Pelatihan Manajemen Krisis",
        "hours": 24,
        "description": (
            "Merencanakan dan memimpin respons saat keadaan darurat: penilaian "
            "cepat situasi, struktur komando, koordinasi lintas instansi, "
            "komunikasi risiko kepada warga, dan evaluasi pascakejadian. Setiap "
            "peserta menyusun rencana kontingensi untuk unit kerjanya."
        ),
    },
    {
        "name": "Pelatihan Manajemen Waktu",
        "hours": 16,
        "description": (
            "Menentukan prioritas, mengelola rapat dan disposisi, serta "
            "mengurangi pekerjaan yang tertunda. Peserta memetakan alur kerja "
            "unitnya dan memilih satu perbaikan yang hasilnya dapat diukur."
        ),
    },
    {
        "name": "Pelatihan Komunikasi Efektif",
        "hours": 20,
        "description": (
            "Mendengarkan secara aktif, menyampaikan informasi dengan bahasa "
            "sederhana, menghadapi percakapan sulit dan keluhan, serta menulis "
            "pesan layanan yang mudah dipahami warga."
        ),
    },
    {
        "name": "Seminar Etika Pelayanan Publik",
        "hours": 8,
        "description": (
            "Nilai dasar ASN BerAKHLAK dalam praktik: konflik kepentingan, "
            "gratifikasi, perlindungan data pribadi, dan perlakuan yang adil bagi "
            "setiap warga. Diisi diskusi kasus dari layanan di Kota Medan."
        ),
    },
    {
        "name": "Workshop Pelayanan Prima",
        "hours": 16,
        "description": (
            "Standar pelayanan, alur layanan dilihat dari sisi warga, layanan "
            "bagi kelompok rentan, dan pengukuran kepuasan masyarakat. Peserta "
            "membawa satu masalah layanan dari unitnya untuk dibedah bersama."
        ),
    },
    {
        "name": "Pelatihan Kepemimpinan Pengawas",
        "hours": 80,
        "description": (
            "Pelatihan bagi pejabat pengawas: memimpin tim, membina dan "
            "mendelegasikan, serta mengelola perubahan. Ditutup dengan aksi "
            "perubahan yang dijalankan di unit kerja masing-masing dan dibimbing "
            "seorang mentor."
        ),
    },
    {
        "name": "Pelatihan Analisis Data untuk Perencanaan",
        "hours": 24,
        "description": (
            "Mengolah data layanan dengan lembar kerja, membaca tren, membuat "
            "visualisasi sederhana, dan memakai data untuk menentukan prioritas "
            "program serta sasaran."
        ),
    },
    {
        "name": "Pelatihan Pengelolaan Pengaduan Masyarakat",
        "hours": 12,
        "description": (
            "Menerima, memilah, menindaklanjuti, dan menuntaskan pengaduan dari "
            "SP4N-LAPOR! dan kanal lokal, termasuk menulis jawaban yang tuntas, "
            "sopan, dan dapat dipertanggungjawabkan."
        ),
    },
]

USERS = [
    {
        "email": "sri.nasution@medan.go.id",
        "name": "dr. Sri Wahyuni Nasution",
        "nip": "198307142010012003",
        "role": "anggota",
        "agency": "Dinas Kesehatan",
        "position": "Kepala Seksi Surveilans dan Imunisasi",
    },
    {
        "email": "rosmawati.sembiring@medan.go.id",
        "name": "Rosmawati Sembiring, S.K.M.",
        "nip": "197903222006042011",
        "role": "anggota",
        "agency": "Dinas Kesehatan",
        "position": "Kepala Puskesmas Padang Bulan",
    },
    {
        "email": "putri.lubis@medan.go.id",
        "name": "Putri Handayani Lubis",
        "nip": "199402182020032005",
        "role": "anggota",
        "agency": "Dinas Kesehatan",
        "position": "Nutrisionis Ahli Pertama",
    },
    {
        "email": "hendra.sitepu@medan.go.id",
        "name": "Hendra Gunawan Sitepu",
        "nip": "198601092011011007",
        "role": "anggota",
        "agency": "Disdukcapil",
        "position": "Kepala Seksi Identitas Penduduk",
    },
    {
        "email": "dedi.hasibuan@medan.go.id",
        "name": "Dedi Kurniawan Hasibuan",
        "nip": "199205172019031002",
        "role": "anggota",
        "agency": "Disdukcapil",
        "position": "Pengadministrasi Kependudukan",
    },
    {
        "email": "ahmad.lubis@medan.go.id",
        "name": "Ahmad Fauzi Lubis",
        "nip": "198402282009031005",
        "role": "anggota",
        "agency": "Dinas Perhubungan",
        "position": "Kepala Seksi Angkutan Jalan",
    },
    {
        "email": "maya.ginting@medan.go.id",
        "name": "Maya Sari Br Ginting",
        "nip": "198808302014022004",
        "role": "anggota",
        "agency": "Kecamatan Medan Baru",
        "position": "Kepala Seksi Pemerintahan",
    },
    {
        "email": "wulan.purba@medan.go.id",
        "name": "Wulan Anggraini Purba",
        "nip": "199004122015032006",
        "role": "anggota",
        "agency": "Kecamatan Medan Johor",
        "position": "Kepala Seksi Pelayanan Umum",
    },
    {
        "email": "yusuf.batubara@medan.go.id",
        "name": "dr. Yusuf Batubara, Sp.EM",
        "nip": "198106052008121002",
        "role": "anggota",
        "agency": "RSUD dr. Pirngadi",
        "position": "Kepala Instalasi Gawat Darurat",
    },
    {
        "email": "siska.tarigan@medan.go.id",
        "name": "Siska Br Tarigan, S.Kep., Ners",
        "nip": "198901192014042009",
        "role": "anggota",
        "agency": "RSUD dr. Pirngadi",
        "position": "Kepala Ruangan Rawat Jalan",
    },
    {
        "email": "lestari.simanjuntak@medan.go.id",
        "name": "Lestari Simanjuntak, M.Pd.",
        "nip": "197809252005012008",
        "role": "anggota",
        "agency": "Dinas Pendidikan",
        "position": "Pengawas Sekolah Ahli Madya",
    },
    {
        "email": "fransiskus.sinaga@medan.go.id",
        "name": "Fransiskus Sinaga",
        "nip": "198503112010031004",
        "role": "anggota",
        "agency": "BPBD",
        "position": "Kepala Seksi Kedaruratan dan Logistik",
    },
    {
        "email": "nurhaliza.siregar@medan.go.id",
        "name": "Nurhaliza Siregar, S.Sos.",
        "nip": "199107032017072001",
        "role": "anggota",
        "agency": "Dinas Sosial",
        "position": "Pekerja Sosial Ahli Pertama",
    },
    {
        "email": "budi.santoso@medan.go.id",
        "name": "Budi Santoso",
        "nip": "198002142007011012",
        "role": "anggota",
        "agency": "Satpol PP",
        "position": "Kepala Seksi Operasi dan Pengendalian",
    },
    {
        "email": "irwan.tanjung@medan.go.id",
        "name": "Irwan Syahputra Tanjung",
        "nip": "198704202012011003",
        "role": "anggota",
        "agency": "Bappeda",
        "position": "Perencana Ahli Muda",
    },
    {
        "email": "kevin.wijaya@medan.go.id",
        "name": "Kevin Wijaya",
        "nip": "199308122019061001",
        "role": "anggota",
        "agency": "Bapenda",
        "position": "Penata Layanan Operasional",
    },
    {
        "email": "rina.marpaung@medan.go.id",
        "name": "Rina Marpaung",
        "nip": "198606272011012010",
        "role": "anggota",
        "agency": "BKPSDM",
        "position": "Analis SDM Aparatur",
    },
    {
        "email": "agus.rangkuti@medan.go.id",
        "name": "Agus Salim Rangkuti",
        "nip": "198201172009031006",
        "role": "moderator",
        "agency": "Diskominfo",
        "position": "Pranata Humas Ahli Muda",
    },
    {
        "email": "dewi.harahap@medan.go.id",
        "name": "Dewi Lestari Harahap, M.Psi.",
        "nip": "197705082003122002",
        "role": "penyelenggara",
        "agency": "BKPSDM",
        "position": "Kepala Bidang Pengembangan Kompetensi",
    },
    {
        "email": "rahmat.pulungan@medan.go.id",
        "name": "dr. Rahmat Hidayat Pulungan, M.Kes.",
        "nip": "197209191999031004",
        "role": "pimpinan",
        "agency": "Dinas Kesehatan",
        "position": "Kepala Dinas Kesehatan",
    },
    {
        "email": "teguh.prasetyo@medan.go.id",
        "name": "Teguh Prasetyo",
        "nip": "198801052012011008",
        "role": "admin",
        "agency": "Diskominfo",
        "position": "Pranata Komputer Ahli Muda",
    },
]

# Staff added for the evaluation dashboards (participants of runs, atasan,
# a second pimpinan), kept beside the rest of the evaluation data.
USERS += STAFF

# The organiser who verifies completions.
VERIFIER_EMAIL = "dewi.harahap@medan.go.id"

# Completions for people who have not written about the programme (yet).
# (email, programme, completed on, verified)
EXTRA_COMPLETIONS = [
    (
        "rahmat.pulungan@medan.go.id",
        "Seminar Etika Pelayanan Publik",
        "2025-03-06",
        True,
    ),
    ("rahmat.pulungan@medan.go.id", "Pelatihan Manajemen Krisis", "2024-11-21", True),
    ("rina.marpaung@medan.go.id", "Pelatihan Komunikasi Efektif", "2025-08-14", False),
    ("rina.marpaung@medan.go.id", "Workshop Pelayanan Prima", "2025-10-02", True),
    (
        "dewi.harahap@medan.go.id",
        "Pelatihan Analisis Data untuk Perencanaan",
        "2025-05-22",
        True,
    ),
    ("agus.rangkuti@medan.go.id", "Seminar Etika Pelayanan Publik", "2025-03-06", True),
    (
        "teguh.prasetyo@medan.go.id",
        "Pelatihan Analisis Data untuk Perencanaan",
        "2025-05-22",
        False,
    ),
    ("sri.nasution@medan.go.id", "Pelatihan Komunikasi Efektif", "2025-08-14", False),
    (
        "dedi.hasibuan@medan.go.id",
        "Seminar Etika Pelayanan Publik",
        "2025-09-11",
        False,
    ),
]

# Completions behind case studies are verified, except these (email, programme):
# a declared completion waits for the organiser, and the demo should show both.
UNVERIFIED_COMPLETIONS = {
    ("putri.lubis@medan.go.id", "Pelatihan Analisis Data untuk Perencanaan"),
    ("kevin.wijaya@medan.go.id", "Workshop Pelayanan Prima"),
    ("budi.santoso@medan.go.id", "Pelatihan Pengelolaan Pengaduan Masyarakat"),
    ("siska.tarigan@medan.go.id", "Pelatihan Komunikasi Efektif"),
    ("lestari.simanjuntak@medan.go.id", "Pelatihan Analisis Data untuk Perencanaan"),
}

# Sections are Markdown; the loader strips the common indentation.
# metric: (what was measured, before, after, unit).
CASE_STUDIES = [
    {
        "key": "demo:1",
        "author": "sri.nasution@medan.go.id",
        "program": "Pelatihan Manajemen Krisis",
        "published_at": "2026-01-19T10:15",
        "title": (
            "Koordinasi cepat menekan kasus diare di pengungsian banjir Medan Johor"
        ),
        "summary": (
            "Tiga hari setelah banjir, kasus diare di dua posko pengungsian melonjak. "
            "Dengan pola komando yang saya pelajari di Pelatihan Manajemen Krisis, "
            "puskesmas, BPBD, kelurahan, dan PDAM Tirtanadi bergerak dari satu rapat "
            "pagi dan satu lembar data. Dalam lima hari kasus baru turun dari 19 "
            "menjadi 2 per hari, tanpa korban jiwa."
        ),
        "situation": """
            Awal Desember 2025 hujan deras selama dua hari membuat Sungai Deli meluap.
            Sekitar 640 warga Kelurahan Kwala Bekala dan Pangkalan Masyur mengungsi ke
            dua posko: aula masjid dan gedung sekolah dasar.

            Pada hari ketiga, Puskesmas Medan Johor melaporkan **47 kasus diare**, 11 di
            antaranya balita. Air bersih hanya datang sekali sehari, toilet darurat
            kurang, dan setiap pihak bekerja sendiri-sendiri: puskesmas membagikan
            oralit, BPBD mengurus logistik, kelurahan mendata warga. Tidak ada yang
            memegang gambaran utuh, dan laporan kasus baru sampai ke dinas sehari
            kemudian.
        """,
        "action": """
            Saya mengusulkan kepada Kepala Dinas agar penanganan dipimpin satu pos
            komando kesehatan di kantor camat, persis seperti simulasi yang kami latih
            saat pelatihan. Yang kami jalankan:

            1. **Rapat pagi 15 menit pukul 07.00** bersama puskesmas, BPBD, lurah, dan
               PDAM Tirtanadi. Setiap pihak melapor tiga hal saja: kasus baru,
               kebutuhan, hambatan.
            2. **Satu lembar data bersama** yang diisi petugas posko setiap enam jam,
               sehingga laporan tidak lagi menunggu esok hari.
            3. Meminta BPBD dan PDAM menambah pengiriman **truk tangki air** menjadi
               tiga kali sehari, disertai pembagian kaporit dan sabun.
            4. Membuka pos kesehatan 24 jam dengan jalur rujukan langsung ke RSUD dr.
               Pirngadi untuk balita yang mengalami dehidrasi.
            5. Menyiapkan pesan singkat tentang cuci tangan dan air minum yang dimasak,
               dibacakan kepala lingkungan setiap sore.
        """,
        "result": """
            Dalam lima hari, kasus diare baru turun dari **19 per hari menjadi 2 per
            hari**. Tidak ada korban jiwa; tiga balita dirujuk ke RSUD dr. Pirngadi dan
            pulang dalam keadaan sehat.

            Waktu dari laporan kasus sampai tindakan di lapangan, yang sebelumnya
            sekitar 24 jam, menjadi kurang dari 6 jam karena semua pihak membaca data
            yang sama. Pasokan air bersih naik dari sekitar 8.000 liter menjadi 24.000
            liter per hari. Pola rapat pagi ini kemudian dipakai lagi oleh kecamatan
            saat banjir susulan pada bulan berikutnya.
        """,
        "lessons": """
            - Dalam krisis, yang paling mahal adalah informasi yang terlambat. Satu
              lembar data bersama lebih berguna daripada banyak laporan tertulis.
            - Rapat singkat dengan format tetap membuat semua pihak mau hadir, bahkan di
              tengah kesibukan lapangan.
            - Jangan menunggu surat perintah untuk memulai koordinasi. Cukup kesepakatan
              dengan pimpinan, lalu catat setiap keputusan hari itu juga.
            - Libatkan kepala lingkungan sejak awal. Warga lebih percaya kepada orang
              yang mereka kenal daripada kepada spanduk.
        """,
        "tags": [
            "manajemen krisis",
            "banjir",
            "diare",
            "koordinasi lintas instansi",
            "puskesmas",
            "kesehatan",
        ],
        "metric": (
            "Kasus diare baru di posko pengungsian",
            "19",
            "2",
            "kasus per hari",
        ),
    },
    {
        "key": "demo:2",
        "author": "fransiskus.sinaga@medan.go.id",
        "program": "Pelatihan Manajemen Krisis",
        "published_at": "2025-04-08T14:00",
        "title": (
            "Peringatan dini banjir lewat kepala lingkungan di bantaran Sungai Deli"
        ),
        "summary": (
            "Evakuasi warga bantaran sungai dulu baru dimulai ketika air sudah masuk "
            "rumah. Dengan tiga tingkat status yang disepakati sebelum musim hujan dan "
            "rantai pesan yang jelas ke kepala lingkungan, waktu evakuasi warga rentan "
            "turun dari sekitar tiga jam menjadi 70 menit."
        ),
        "situation": """
            Kelurahan Sei Mati dan Aur di Kecamatan Medan Maimun hampir setiap tahun
            terendam ketika Sungai Deli meluap. Informasi kenaikan air datang dari
            banyak arah: grup percakapan warga, media sosial, telepon ke kantor BPBD.
            Tim kami sering baru bergerak ketika air sudah setinggi lutut.

            Yang paling terdampak adalah lansia dan warga dengan disabilitas. Pada
            banjir tahun lalu kami butuh lebih dari tiga jam untuk memindahkan semua
            warga rentan di dua lingkungan, sebagian harus digendong melewati gang
            sempit yang sudah tergenang.
        """,
        "action": """
            Pelatihan Manajemen Krisis mengajarkan satu hal yang saya pegang: respons
            cepat lahir dari keputusan yang sudah disepakati *sebelum* krisis datang.
            Bersama lurah dan kepala lingkungan kami menyusun:

            - **Tiga tingkat status** (Waspada, Siaga, Awas) berdasarkan tinggi muka air
              di pos pantau hulu, lengkap dengan tindakan untuk setiap tingkat.
            - **Daftar warga rentan** per lingkungan: nama, alamat, kebutuhan khusus,
              dan siapa tetangga yang bertugas mendampingi.
            - **Pesan siap kirim** untuk setiap status, supaya kepala lingkungan tidak
              perlu menyusun kalimat dalam keadaan panik.
            - Dua kali **simulasi evakuasi** bersama warga pada bulan Oktober dan
              November.
        """,
        "result": """
            Pada dua kali luapan sungai, Januari dan Februari 2025, evakuasi seluruh
            warga rentan selesai dalam **70 dan 65 menit** setelah status Siaga
            diumumkan. Sebelumnya kami membutuhkan sekitar 180 menit.

            Sebanyak 38 lansia dan 6 penyandang disabilitas kini terdata beserta
            pendampingnya. Tidak ada warga yang terjebak di rumah, dan jumlah panggilan
            darurat ke kantor BPBD pada malam kejadian turun hampir separuh karena warga
            sudah tahu apa yang harus dilakukan.
        """,
        "lessons": """
            Kepala lingkungan adalah simpul yang paling cepat, asalkan mereka dibekali
            pesan yang sudah jadi. Simulasi terasa merepotkan bagi warga, tetapi justru
            di situlah kami menemukan gang yang tidak bisa dilewati tandu. Daftar warga
            rentan harus diperbarui setiap tiga bulan; dalam setahun ada yang pindah,
            ada yang baru pulang dari rumah sakit.
        """,
        "tags": [
            "banjir",
            "peringatan dini",
            "evakuasi",
            "kepala lingkungan",
            "manajemen krisis",
        ],
        "metric": ("Waktu evakuasi warga rentan", "180", "70", "menit"),
    },
    {
        "key": "demo:3",
        "author": "yusuf.batubara@medan.go.id",
        "program": "Pelatihan Manajemen Krisis",
        "published_at": "2025-09-23T09:00",
        "title": "Latihan listrik padam di IGD: dari panik menjadi prosedur",
        "summary": (
            "Ketika listrik padam dan genset terlambat menyala, IGD kami bekerja dua "
            "belas menit dalam kebingungan. Kartu tugas per peran, latihan mendadak "
            "setiap bulan, dan pemeriksaan genset mingguan memangkas waktu peralihan "
            "alat kritis menjadi dua menit."
        ),
        "situation": """
            Suatu sore di bulan Mei 2025 listrik padam ketika IGD sedang penuh. Sakelar
            pemindah otomatis ke genset macet, dan butuh **12 menit** sampai teknisi
            menyalakan genset secara manual. Selama itu dua ventilator bertahan dengan
            baterai, lampu ruang resusitasi mati, dan perawat bergantian menyalakan
            senter ponsel.

            Tidak ada yang lalai. Masalahnya, tidak ada yang tahu persis siapa melakukan
            apa. Prosedur tertulis memang ada, tetapi tersimpan di map yang tidak pernah
            dibuka sejak akreditasi.
        """,
        "action": """
            Dari pelatihan saya membawa pulang konsep **kartu tugas**: satu kartu untuk
            satu peran, berisi paling banyak lima langkah.

            1. Kartu untuk dokter jaga, perawat penanggung jawab, petugas ventilator,
               petugas keamanan, dan teknisi, ditempel di dinding nurse station.
            2. Stopkontak yang terhubung ke genset diberi warna merah. Alat kritis wajib
               dicolok di sana.
            3. Teknisi dari instalasi pemeliharaan sarana memeriksa genset dan sakelar
               pemindah setiap Senin, lalu mencatatnya di papan IGD.
            4. Latihan **tanpa pemberitahuan** sekali sebulan, pada sif yang
               berbeda-beda, ditutup dengan evaluasi sepuluh menit.
        """,
        "result": """
            Pada latihan pertama, peralihan masih memakan tujuh menit. Pada latihan
            ketiga seluruh alat kritis sudah berjalan dengan listrik cadangan dalam
            **dua menit**. Survei singkat menunjukkan petugas yang bisa menyebutkan
            tugasnya saat listrik padam naik dari 40% menjadi 95%.

            Ketika listrik benar-benar padam lagi pada Agustus, genset menyala otomatis
            dalam hitungan detik. Tidak ada satu pun alat yang sempat mati.
        """,
        "lessons": """
            Prosedur yang tidak pernah dilatih hanyalah dokumen. Latihan mendadak
            awalnya memancing protes, tetapi setelah kejadian Agustus tidak ada lagi
            yang menganggapnya buang waktu. Satu hal yang saya sesali: kami baru
            melibatkan petugas keamanan pada latihan kedua, padahal merekalah yang
            mengatur keluarga pasien agar tidak memenuhi lorong.
        """,
        "tags": ["rumah sakit", "IGD", "kesiapsiagaan", "simulasi", "manajemen krisis"],
        "metric": (
            "Waktu peralihan alat kritis ke listrik cadangan",
            "12",
            "2",
            "menit",
        ),
    },
    {
        "key": "demo:4",
        "author": "rosmawati.sembiring@medan.go.id",
        "program": "Pelatihan Manajemen Krisis",
        "published_at": "2025-03-17T11:30",
        "title": "Menahan laju DBD di Padang Bulan dengan jumantik dan data harian",
        "summary": (
            "Januari 2025 wilayah Puskesmas Padang Bulan mencatat 31 kasus demam "
            "berdarah dalam tiga minggu. Kami memperlakukannya sebagai krisis: peta "
            "kasus harian, penyelidikan epidemiologi dalam 24 jam, dan gerakan "
            "jumantik bersama pemilik kos. Dalam enam minggu kasus baru turun dari 12 "
            "menjadi 2 per minggu."
        ),
        "situation": """
            Wilayah kerja kami dipenuhi rumah kos mahasiswa di sekitar kampus. Banyak
            bangunan punya tandon air di atap yang tidak pernah diperiksa, dan
            penghuninya berganti setiap semester. Ketika musim hujan datang, kasus DBD
            melonjak: **31 kasus dalam tiga minggu**, satu anak sempat dirawat di ruang
            intensif.

            Angka bebas jentik hanya 81%. Penyelidikan epidemiologi rata-rata baru
            dilakukan tiga hari setelah laporan masuk, dan warga terus menuntut
            pengasapan di seluruh kelurahan.
        """,
        "action": """
            Setelah Pelatihan Manajemen Krisis, saya berhenti menganggap lonjakan ini
            sebagai urusan rutin program. Kami membentuk tim kecil dengan satu
            penanggung jawab dan satu papan data.

            - Setiap pagi peta kasus diperbarui dan dibagikan ke lurah serta kepala
              lingkungan.
            - Penyelidikan epidemiologi wajib dalam **24 jam**. Petugas dibagi menjadi
              dua regu agar tidak menumpuk.
            - Gerakan *satu rumah satu jumantik* diperluas ke rumah kos. Kami menemui
              pemilik kos dan organisasi mahasiswa, bukan hanya penghuni.
            - Pengasapan hanya di radius kasus yang terkonfirmasi. Kepada warga kami
              jelaskan bahwa asap tidak membunuh jentik.
            - Jumat pagi menjadi jadwal tetap pemberantasan sarang nyamuk.
        """,
        "result": """
            Enam minggu kemudian kasus baru turun dari **12 menjadi 2 per minggu**.
            Angka bebas jentik naik dari 81% menjadi 96%. Seluruh kasus baru diselidiki
            dalam 24 jam, sebelumnya rata-rata tiga hari. Tidak ada kematian.

            Permintaan pengasapan massal dari warga juga berkurang setelah mereka
            melihat peta kasus dan memahami alasannya.
        """,
        "lessons": """
            Data harian yang ditunjukkan terbuka membuat orang lain ikut bergerak tanpa
            harus diperintah. Pemilik kos ternyata sekutu yang kuat; mereka tidak mau
            kosnya dikenal sebagai sarang nyamuk. Dan menjelaskan *mengapa* tidak ada
            pengasapan massal butuh waktu, tetapi menghemat anggaran dan menjaga
            kepercayaan.
        """,
        "tags": ["DBD", "jumantik", "puskesmas", "kesehatan", "manajemen krisis"],
        "metric": ("Kasus DBD baru", "12", "2", "kasus per minggu"),
    },
    {
        "key": "demo:5",
        "author": "nurhaliza.siregar@medan.go.id",
        "program": "Pelatihan Manajemen Krisis",
        "published_at": "2025-08-05T16:45",
        "title": "Enam jam pertama setelah kebakaran permukiman di Medan Belawan",
        "summary": (
            "Dulu korban kebakaran didata tiga kali oleh pihak yang berbeda dan "
            "bantuan pangan baru tiba keesokan harinya. Dengan formulir kaji cepat "
            "satu halaman dan pembagian peran yang jelas bersama Tagana, 96 korban "
            "terdata dalam lima jam dan dapur umum berjalan pada jam keenam."
        ),
        "situation": """
            Juni 2025, kebakaran menghanguskan 27 rumah di sebuah permukiman padat di
            Kecamatan Medan Belawan. Sebanyak 96 jiwa kehilangan tempat tinggal,
            termasuk 21 anak.

            Pengalaman kami sebelumnya tidak membanggakan. Kelurahan, dinas, dan relawan
            masing-masing mendata korban dengan formulir sendiri. Warga ditanya hal yang
            sama berkali-kali, angka yang dilaporkan berbeda-beda, dan bantuan pangan
            baru datang setelah data "final", biasanya keesokan harinya.
        """,
        "action": """
            Kami menerapkan apa yang dilatih di Pelatihan Manajemen Krisis: satu
            komando, satu data, peran yang jelas.

            1. Formulir **kaji cepat satu halaman** yang disepakati dengan kelurahan
               sejak sebelum kejadian. Satu keluarga, satu lembar.
            2. Tagana membuka dapur umum lebih dulu, tanpa menunggu data selesai; porsi
               dihitung dari perkiraan awal lalu disesuaikan.
            3. Satu petugas dinas menjadi **penghubung tunggal** untuk semua donatur,
               supaya bantuan tidak menumpuk di satu titik.
            4. Pekerja sosial mendampingi anak-anak di tenda terpisah agar orang tua
               bisa mengurus dokumen.
        """,
        "result": """
            Seluruh 96 korban terdata dalam **lima jam**, dan makanan pertama dibagikan
            pada jam keenam. Sebelumnya kami membutuhkan sekitar 24 jam. Tidak ada
            laporan bantuan ganda maupun keluarga yang terlewat.

            Data yang sama dipakai Disdukcapil untuk menerbitkan ulang dokumen
            kependudukan yang terbakar; 58 dokumen selesai dalam dua minggu.
        """,
        "lessons": """
            Formulir harus disepakati sebelum bencana, bukan saat bencana. Dapur umum
            tidak perlu menunggu data sempurna; perkiraan yang jujur sudah cukup untuk
            memulai. Dan penghubung tunggal untuk donatur menyelamatkan kami dari
            puluhan panggilan telepon yang saling bertabrakan.
        """,
        "tags": [
            "kebakaran",
            "bantuan sosial",
            "Tagana",
            "pendataan",
            "manajemen krisis",
        ],
        "metric": ("Waktu sampai bantuan pangan pertama", "24", "6", "jam"),
    },
    {
        "key": "demo:6",
        "author": "hendra.sitepu@medan.go.id",
        "program": "Pelatihan Manajemen Waktu",
        "published_at": "2025-02-26T08:30",
        "title": "Antrean KTP-el tak lagi dimulai subuh",
        "summary": (
            "Warga dulu datang pukul setengah enam pagi demi nomor antrean perekaman "
            "KTP-el. Dengan mengukur lama setiap jenis layanan, membagi hari menjadi "
            "slot 30 menit, dan memisahkan loket pengambilan, waktu tunggu rata-rata "
            "turun dari 150 menjadi 45 menit."
        ),
        "situation": """
            Setiap pagi puluhan warga sudah menunggu di depan kantor sebelum azan Subuh
            selesai. Nomor antrean dibatasi 150 per hari, dan siapa yang datang
            terlambat diminta kembali besok. Rata-rata warga menunggu **dua setengah
            jam**.

            Di dalam, petugas kelelahan sebelum pukul sepuluh. Di luar, ada orang yang
            menjual nomor antrean. Kami merasa sudah bekerja keras, tetapi warga tetap
            kecewa.
        """,
        "action": """
            Di Pelatihan Manajemen Waktu kami diminta mengukur dulu sebelum memperbaiki.
            Selama dua minggu kami mencatat lama setiap layanan: perekaman sekitar 7
            menit, pencetakan 3 menit, perubahan data 15 menit.

            Dari situ kami:

            - membagi jam layanan menjadi **slot 30 menit** yang dipesan lewat formulir
              daring atau WhatsApp, terikat pada NIK pemohon;
            - memisahkan loket pengambilan KTP-el, yang hanya butuh dua menit, dari
              loket perekaman;
            - mengatur jam istirahat petugas bergiliran, sehingga loket tidak pernah
              kosong;
            - menyisakan 20% slot untuk warga yang datang langsung.
        """,
        "result": """
            Dalam tiga bulan waktu tunggu rata-rata turun dari **150 menjadi 45 menit**.
            Kapasitas harian justru naik menjadi sekitar 190 pemohon karena tidak ada
            lagi jam-jam kosong di siang hari.

            Penjual nomor antrean hilang dengan sendirinya; nomor yang terikat NIK tidak
            bisa diperjualbelikan. Lembur petugas berkurang dari rata-rata 9 jam menjadi
            3 jam per minggu.
        """,
        "lessons": """
            Mengukur ternyata pekerjaan yang paling membuka mata. Kami mengira perekaman
            adalah sumbatan utama, padahal pengambilan KTP yang sepele itu yang membuat
            antrean menumpuk. Slot untuk warga yang datang langsung wajib ada; tidak
            semua orang nyaman memesan lewat ponsel.
        """,
        "tags": [
            "antrean",
            "KTP-el",
            "manajemen waktu",
            "kependudukan",
            "pelayanan publik",
        ],
        "metric": ("Waktu tunggu rata-rata", "150", "45", "menit"),
    },
    {
        "key": "demo:7",
        "author": "irwan.tanjung@medan.go.id",
        "program": "Pelatihan Manajemen Waktu",
        "published_at": "2025-05-14T13:20",
        "title": "Aturan 45 menit untuk rapat koordinasi di Bappeda",
        "summary": (
            "Di musim penyusunan RKPD, separuh waktu kerja staf habis di ruang rapat "
            "tanpa keputusan yang jelas. Agenda sehari sebelumnya, penjaga waktu, dan "
            "daftar tindak lanjut di akhir rapat memangkas durasi rata-rata dari 110 "
            "menjadi 45 menit."
        ),
        "situation": """
            Menjelang penyusunan Rencana Kerja Pemerintah Daerah, bidang kami bisa
            menggelar empat sampai lima rapat sehari. Saya menghitung sendiri: setiap
            staf rata-rata **14 jam per minggu** duduk di rapat. Rapat rata-rata
            berlangsung 110 menit, sering dimulai terlambat, dan sebagian besar waktunya
            dipakai membaca bahan yang seharusnya sudah dibaca.

            Yang paling melelahkan, di akhir rapat sering tidak jelas siapa mengerjakan
            apa.
        """,
        "action": """
            Dengan persetujuan Kepala Bidang, kami mencoba aturan sederhana selama satu
            triwulan:

            1. Agenda dan bahan dikirim **paling lambat sehari sebelumnya**. Tanpa
               agenda, rapat ditunda.
            2. Setiap rapat punya **penjaga waktu** yang boleh menyela siapa pun,
               termasuk pimpinan.
            3. Batas waktu 45 menit. Topik yang belum selesai dibawa ke rapat kecil
               dengan orang yang relevan saja.
            4. Lima menit terakhir untuk **daftar tindak lanjut**: apa, siapa, kapan.
               Daftar itu dikirim ke grup sebelum peserta kembali ke meja.
            5. Kabar rutin cukup disampaikan lewat pesan tertulis, bukan rapat.
        """,
        "result": """
            Perbandingan satu triwulan sebelum dan sesudah:

            | Ukuran | Sebelum | Sesudah |
            |---|---|---|
            | Durasi rata-rata rapat | 110 menit | 45 menit |
            | Jam rapat per staf per minggu | 14 jam | 7 jam |
            | Tindak lanjut selesai tepat waktu | 52% | 81% |

            Dokumen RKPD bidang kami untuk pertama kalinya dikirim sebelum tenggat.
        """,
        "lessons": """
            Penjaga waktu hanya berhasil kalau pimpinan memberi contoh. Kepala Bidang
            kami sendiri yang minta diingatkan pertama kali, dan sejak itu tidak ada
            yang tersinggung. Aturan 45 menit tidak cocok untuk semua rapat; pembahasan
            anggaran tetap butuh waktu panjang, dan itu tidak apa-apa selama agendanya
            jelas.
        """,
        "tags": ["rapat", "manajemen waktu", "perencanaan", "produktivitas"],
        "metric": ("Durasi rata-rata rapat koordinasi", "110", "45", "menit"),
    },
    {
        "key": "demo:8",
        "author": "maya.ginting@medan.go.id",
        "program": "Pelatihan Manajemen Waktu",
        "published_at": "2025-07-02T10:00",
        "title": "Disposisi surat tidak lagi menginap di meja",
        "summary": (
            "Sekitar 400 surat masuk ke kantor camat setiap bulan, dan rata-rata "
            "menunggu enam hari sebelum ditangani. Jadwal disposisi dua kali sehari, "
            "kode warna untuk surat mendesak, dan pelimpahan surat rutin kepada kepala "
            "seksi memangkasnya menjadi dua hari kerja."
        ),
        "situation": """
            Surat yang masuk ke Kantor Camat Medan Baru beragam: undangan, permohonan
            rekomendasi, laporan kelurahan, sampai surat warga yang meminta bantuan.
            Semuanya menumpuk di satu meja menunggu disposisi. Kalau pimpinan sedang
            rapat di luar, tumpukan itu bisa bertahan berhari-hari.

            Warga yang membutuhkan surat rekomendasi sering datang menanyakan nasib
            berkasnya. Di akhir bulan, ada **57 surat** yang lewat batas waktu.
        """,
        "action": """
            Saya memetakan perjalanan satu surat, dari meja penerima sampai dibalas.
            Ternyata waktu kerja sebenarnya hanya beberapa jam; sisanya waktu menunggu.

            - Disposisi dilakukan pada dua **jam tetap**, pukul 10.00 dan 14.00, juga
              saat pimpinan di luar kantor lewat aplikasi naskah dinas.
            - Surat diberi **kode warna**: merah untuk tenggat tiga hari, kuning untuk
              seminggu, hijau untuk arsip.
            - Surat rutin seperti undangan sosialisasi dilimpahkan langsung kepada
              kepala seksi, sesuai kesepakatan tertulis dengan Camat.
            - Setiap Jumat sepuluh menit untuk memeriksa surat yang belum selesai.
        """,
        "result": """
            Setelah empat bulan, waktu penyelesaian rata-rata turun dari **6 menjadi 2
            hari kerja**. Surat yang lewat batas waktu di akhir bulan tinggal 6, dari
            sebelumnya 57.

            Pertanyaan warga tentang status berkas juga jauh berkurang karena petugas
            depan kini bisa melihat posisi surat di buku agenda digital.
        """,
        "lessons": """
            Waktu menunggu jauh lebih besar daripada waktu bekerja, dan itu baru
            terlihat setelah dipetakan. Pelimpahan wewenang perlu hitam di atas putih;
            tanpa itu, kepala seksi ragu mengambil keputusan sendiri.
        """,
        "tags": ["disposisi", "administrasi", "manajemen waktu", "kecamatan"],
        "metric": ("Waktu penyelesaian surat masuk", "6", "2", "hari kerja"),
    },
    {
        "key": "demo:9",
        "author": "lestari.simanjuntak@medan.go.id",
        "program": "Pelatihan Manajemen Waktu",
        "published_at": "2025-10-21T15:00",
        "title": "Blok waktu supervisi: pengawas sekolah kembali ke ruang kelas",
        "summary": (
            "Sebagai pengawas 14 sekolah dasar, saya lebih banyak menyusun laporan "
            "daripada melihat guru mengajar. Dengan mengunci Selasa sampai Kamis pagi "
            "untuk kunjungan kelas, kunjungan supervisi naik dari 4 menjadi 11 sekolah "
            "per bulan dan guru menerima umpan balik dalam tiga hari."
        ),
        "situation": """
            Kalender saya dulu ditentukan oleh undangan yang datang. Rapat di dinas,
            permintaan data mendadak, bimbingan administrasi sekolah, semuanya mendesak.
            Dalam sebulan saya rata-rata hanya sempat masuk ke **empat sekolah**, dan
            kunjungan itu pun sering terpotong telepon.

            Guru yang saya supervisi menerima catatan dua sampai tiga minggu kemudian,
            ketika mereka sudah lupa pelajaran mana yang saya amati.
        """,
        "action": """
            Saya memakai cara sederhana dari Pelatihan Manajemen Waktu: jadwalkan dulu
            yang penting sebelum yang mendesak mengambil tempatnya.

            - **Selasa sampai Kamis pukul 07.30–11.00** dikunci untuk kunjungan kelas.
              Undangan rapat pada jam itu saya jawab dengan usulan waktu lain.
            - Pekerjaan administrasi saya kumpulkan di hari Senin dan Jumat.
            - Lembar pengamatan disiapkan malam sebelumnya, sehingga di sekolah saya
              hanya mengamati dan berdiskusi.
            - Pertemuan kepala sekolah dibuat sebulan sekali secara bersama, bukan
              dipanggil satu per satu.
        """,
        "result": """
            Dalam satu semester, kunjungan kelas naik dari **4 menjadi 11 sekolah per
            bulan**. Umpan balik tertulis sampai ke guru paling lambat tiga hari setelah
            kunjungan.

            Dari survei singkat, 78% guru menyatakan catatan supervisi membantu mereka
            memperbaiki cara mengajar. Tahun sebelumnya pertanyaan yang sama hanya
            dijawab "ya" oleh kurang dari separuh guru.
        """,
        "lessons": """
            Menolak rapat ternyata tidak semenakutkan yang saya kira, asalkan saya
            selalu menawarkan waktu pengganti. Blok waktu baru terasa hasilnya setelah
            dua bulan; bulan pertama masih banyak yang bocor.
        """,
        "tags": ["pendidikan", "supervisi", "manajemen waktu", "sekolah"],
        "metric": ("Kunjungan supervisi kelas", "4", "11", "sekolah per bulan"),
    },
    {
        "key": "demo:10",
        "author": "ahmad.lubis@medan.go.id",
        "program": "Pelatihan Manajemen Waktu",
        "published_at": "2026-02-10T09:40",
        "title": "Matriks prioritas untuk rekomendasi andalalin yang menumpuk",
        "summary": (
            "Permohonan rekomendasi analisis dampak lalu lintas menumpuk sampai 38 "
            "berkas karena semuanya dianggap sama mendesak. Matriks prioritas di rapat "
            "Senin, survei lapangan yang dikelompokkan per wilayah, dan papan status "
            "untuk pemohon memangkas waktu penyelesaian dari 21 menjadi 9 hari kerja."
        ),
        "situation": """
            Seksi kami menerima permohonan rekomendasi andalalin untuk pembangunan ruko,
            sekolah, sampai pusat perbelanjaan. Setiap berkas butuh kajian dokumen dan
            survei lapangan. Di pertengahan 2025 ada **38 berkas** yang tertahan, dan
            pemohon menelepon hampir setiap hari.

            Staf berpindah dari satu berkas ke berkas lain mengikuti siapa yang paling
            keras menelepon, sehingga tidak ada yang benar-benar selesai.
        """,
        "action": """
            Setiap Senin pagi kami memilah berkas dengan **matriks penting–mendesak**
            yang kami pelajari di pelatihan. Berkas yang lengkap dan berdampak besar
            dikerjakan lebih dulu; berkas yang kurang lengkap segera dikembalikan dengan
            catatan tertulis.

            Survei lapangan dikelompokkan per wilayah, sehingga satu perjalanan bisa
            menuntaskan tiga sampai empat lokasi. Kami juga menyusun templat telaahan
            teknis dan memasang papan status yang bisa dilihat pemohon, sehingga mereka
            tidak perlu menelepon untuk bertanya.
        """,
        "result": """
            Dalam empat bulan, waktu penyelesaian rata-rata turun dari **21 menjadi 9
            hari kerja**, dan tumpukan berkas tinggal 7. Jumlah telepon pemohon yang
            menanyakan status turun drastis setelah papan status dipasang.
        """,
        "lessons": """
            Berkas yang tidak lengkap adalah pencuri waktu terbesar. Mengembalikannya
            dengan cepat dan jelas lebih sopan daripada membiarkannya menggantung.
            Survei per wilayah juga menghemat bahan bakar, hal kecil yang ternyata
            disukai bagian keuangan.
        """,
        "tags": ["perizinan", "lalu lintas", "manajemen waktu", "perhubungan"],
        "metric": ("Waktu penyelesaian rekomendasi andalalin", "21", "9", "hari kerja"),
    },
    {
        "key": "demo:11",
        "author": "wulan.purba@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "published_at": "2025-06-18T10:30",
        "title": "Bahasa sederhana di papan informasi loket kecamatan",
        "summary": (
            "Papan persyaratan di loket kami penuh nomor peraturan, dan warga terus "
            "datang dengan berkas yang kurang. Setelah persyaratan ditulis ulang "
            "menjadi daftar periksa bergambar dan diuji pada sepuluh warga, keluhan "
            "soal berkas turun dari 32 menjadi 9 per bulan."
        ),
        "situation": """
            Di Kantor Camat Medan Johor, pertanyaan yang sama datang puluhan kali
            sehari: "Bawa apa saja, Bu?" Padahal jawabannya terpampang di papan.
            Masalahnya, papan itu ditulis dengan bahasa peraturan: *"sesuai ketentuan
            Pasal..."*, *"dilampiri dokumen pendukung yang sah"*.

            Rata-rata sepertiga berkas dikembalikan karena kurang lengkap, dan setiap
            bulan ada sekitar **32 keluhan** dari warga yang merasa dipingpong.
        """,
        "action": """
            Di Pelatihan Komunikasi Efektif kami belajar menulis dari sudut pandang
            pembaca. Saya dan dua staf menulis ulang persyaratan untuk enam layanan yang
            paling sering diminta:

            - judul diganti menjadi **"Yang perlu Anda bawa"**;
            - setiap syarat ditulis sebagai satu baris daftar periksa, dengan gambar
              kecil dokumennya;
            - istilah seperti "dokumen pendukung yang sah" diganti dengan nama
              dokumennya langsung;
            - kami meminta **sepuluh warga** di ruang tunggu membaca draf dan
              menceritakan ulang apa yang harus dibawa.

            Daftar yang sama dicetak sebagai selebaran dan dapat dibuka lewat kode QR.
        """,
        "result": """
            Dua bulan setelah papan baru dipasang, keluhan karena berkas tidak lengkap
            turun dari **32 menjadi 9 per bulan**. Berkas yang dikembalikan turun dari
            35% menjadi 12%.

            Petugas loket bilang pekerjaannya terasa lebih ringan. Mereka tidak lagi
            mengulang penjelasan yang sama sepanjang hari.
        """,
        "lessons": """
            Uji coba dengan sepuluh warga adalah langkah terpenting. Dari mereka kami
            tahu bahwa "fotokopi legalisir" dipahami berbeda-beda. Bahasa sederhana
            bukan berarti tidak resmi; warga justru merasa lebih dihargai.
        """,
        "tags": ["komunikasi", "bahasa sederhana", "kecamatan", "pelayanan publik"],
        "metric": (
            "Keluhan karena berkas tidak lengkap",
            "32",
            "9",
            "keluhan per bulan",
        ),
    },
    {
        "key": "demo:12",
        "author": "siska.tarigan@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "published_at": "2025-11-11T14:10",
        "title": "Menjelaskan keterlambatan dokter tanpa membuat pasien marah",
        "summary": (
            "Pasien poliklinik sering menunggu dokter yang masih visite tanpa kabar "
            "apa pun, dan kemarahan mereka tertuju kepada perawat. Kabar perkiraan "
            "waktu setiap 30 menit, papan status dokter, dan teknik mendengarkan dari "
            "pelatihan menurunkan keluhan tentang sikap petugas dari 18 menjadi 5 per "
            "bulan."
        ),
        "situation": """
            Poliklinik penyakit dalam kami melayani lebih dari 120 pasien sehari. Dokter
            spesialis biasanya baru tiba setelah menyelesaikan visite di rawat inap,
            kadang pukul sepuluh, kadang lewat tengah hari. Pasien yang datang sejak
            pagi tidak tahu harus menunggu berapa lama.

            Perawatlah yang menjadi sasaran. Kotak saran mencatat rata-rata **18 keluhan
            per bulan** tentang petugas yang "ketus" atau "tidak peduli". Perawat
            sendiri merasa disalahkan untuk hal yang bukan keputusan mereka.
        """,
        "action": """
            Pelatihan Komunikasi Efektif memberi kami dua alat: menyampaikan kabar yang
            tidak menyenangkan dengan jujur, dan mendengarkan sebelum menjelaskan.

            1. Setiap 30 menit perawat mengumumkan **perkiraan waktu** kedatangan
               dokter, walaupun kabarnya belum berubah.
            2. Papan status dokter dipasang di ruang tunggu: sedang visite, dalam
               perjalanan, atau sudah praktik.
            3. Saat pasien mengeluh, perawat mengulang keluhannya lebih dulu ("Bapak
               sudah menunggu dua jam, ya") sebelum memberi penjelasan.
            4. Pasien yang tidak bisa menunggu ditawari jadwal ulang dengan nomor
               prioritas.
        """,
        "result": """
            Dalam tiga bulan keluhan tentang sikap petugas turun dari **18 menjadi 5 per
            bulan**. Skor kepuasan pasien rawat jalan naik dari 3,1 menjadi 3,8 pada
            skala 4.

            Dokternya tidak datang lebih pagi. Yang berubah hanya cara kami memberi
            kabar, dan ternyata itu sudah banyak artinya bagi pasien.
        """,
        "lessons": """
            Orang lebih sabar menunggu kalau tahu berapa lama dan mengapa. Mengulang
            keluhan pasien terasa kaku di minggu pertama, tetapi sekarang sudah menjadi
            kebiasaan. Langkah berikutnya adalah berbicara dengan para dokter soal
            jadwal visite, percakapan yang lebih sulit.
        """,
        "tags": ["rumah sakit", "komunikasi", "rawat jalan", "keluhan pasien"],
        "metric": ("Keluhan tentang sikap petugas", "18", "5", "keluhan per bulan"),
    },
    {
        "key": "demo:13",
        "author": "budi.santoso@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "published_at": "2025-09-02T11:00",
        "title": "Menata pedagang kaki lima di Jalan Dr. Mansyur lewat dialog",
        "summary": (
            "Penertiban pedagang kaki lima biasanya berakhir ricuh dan pedagang "
            "kembali keesokan harinya. Tiga putaran dialog bersama paguyuban, "
            "kelurahan, dan Dinas Koperasi menghasilkan relokasi sukarela 64 pedagang "
            "tanpa satu pun bentrokan."
        ),
        "situation": """
            Trotoar Jalan Dr. Mansyur dipenuhi lapak pedagang, terutama sore hingga
            malam ketika mahasiswa pulang kuliah. Pejalan kaki terpaksa turun ke badan
            jalan, dan kami menerima sekitar **27 aduan per bulan**.

            Penertiban sebelumnya selalu berakhir sama: adu mulut, barang dagangan
            diangkut, video viral di media sosial, lalu pedagang kembali esok sorenya.
            Anggota kami pun lelah dicap sebagai pihak yang kasar.
        """,
        "action": """
            Setelah Pelatihan Komunikasi Efektif, saya mengusulkan kepada pimpinan untuk
            mencoba jalur dialog selama satu bulan sebelum ada penindakan.

            - Kami mengundang **paguyuban pedagang**, lurah, dan Dinas Koperasi UKM.
              Pada pertemuan pertama kami hanya mendengarkan.
            - Keberatan terbesar pedagang ternyata soal tempat pengganti yang sepi
              pembeli. Bersama kelurahan kami menemukan lahan parkir yang kosong setelah
              pukul 16.00.
            - Anggota yang bertugas dibekali cara berbicara tanpa ancaman. Selama masa
              peralihan tidak ada penyitaan barang.
            - Kesepakatan ditandatangani bersama dan ditempel di lokasi.
        """,
        "result": """
            Sebanyak **64 pedagang** pindah secara sukarela. Tidak ada bentrokan sama
            sekali. Pemantauan tiga bulan menunjukkan trotoar bersih pada lebih dari 90%
            hari, dan aduan turun dari 27 menjadi 4 per bulan.

            Beberapa pedagang bahkan melaporkan sendiri rekan yang kembali ke trotoar.
        """,
        "lessons": """
            Mendengarkan lebih dulu bukan tanda lemah. Dialog membutuhkan lima minggu,
            jauh lebih lama daripada satu malam penertiban, tetapi hasilnya bertahan.
            Kuncinya ada pada tempat pengganti yang masuk akal; tanpa itu, dialog hanya
            basa-basi.
        """,
        "tags": ["PKL", "ketertiban umum", "dialog", "komunikasi", "Satpol PP"],
        "metric": ("Aduan trotoar terhalang", "27", "4", "aduan per bulan"),
    },
    {
        "key": "demo:14",
        "author": "ahmad.lubis@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "published_at": "2025-12-09T10:20",
        "title": "Juru parkir yang menyapa: meredam keluhan parkir di Pasar Petisah",
        "summary": (
            "Keluhan soal tarif parkir yang tidak jelas dan juru parkir yang kasar "
            "mencapai 40 per bulan di kawasan Pasar Petisah. Pembekalan singkat, rompi "
            "bernomor dengan kode QR untuk pengaduan, dan stiker tarif resmi "
            "menurunkannya menjadi 15 per bulan."
        ),
        "situation": """
            Kawasan Pasar Petisah adalah salah satu titik parkir tepi jalan tersibuk di
            kota. Warga mengeluhkan dua hal: tarif yang berbeda-beda dan juru parkir
            yang membentak bila ditanya. Pusat pengaduan mencatat sekitar **40 keluhan
            per bulan**, dan sebagian warga memilih tidak membayar sama sekali.

            Di sisi lain, para juru parkir merasa tidak pernah diajak bicara. Mereka
            hanya didatangi ketika setoran kurang.
        """,
        "action": """
            Saya menyusun pembekalan dua jam bagi 46 juru parkir resmi, dengan bahan
            dari Pelatihan Komunikasi Efektif yang disederhanakan:

            - cara menyapa dan menyebut tarif sebelum pengendara pergi;
            - apa yang harus dikatakan bila pengendara menolak membayar, tanpa
              bertengkar;
            - setiap juru parkir memakai **rompi bernomor** dengan kode QR yang langsung
              terhubung ke kanal pengaduan;
            - **stiker tarif resmi** ditempel di tiang-tiang kawasan parkir.

            Setiap bulan kami duduk bersama mereka selama setengah jam untuk membahas
            keluhan yang masuk.
        """,
        "result": """
            Enam bulan kemudian keluhan turun dari 40 menjadi 15 per bulan. Penerimaan
            retribusi parkir di kawasan itu naik sekitar 18% dibandingkan periode yang
            sama tahun lalu, karena lebih banyak pengendara yang mau membayar.
        """,
        "lessons": """
            Juru parkir adalah wajah pelayanan kami di jalan, walaupun mereka bukan
            pegawai. Memperlakukan mereka sebagai bagian dari tim ternyata mengubah
            sikap mereka kepada warga. Kode QR di rompi juga membuat mereka lebih
            berhati-hati.
        """,
        "tags": ["parkir", "komunikasi", "perhubungan", "retribusi"],
    },
    {
        "key": "demo:15",
        "author": "nurhaliza.siregar@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "published_at": "2026-03-03T13:00",
        "title": "Menjelaskan penolakan bantuan sosial tanpa menimbulkan amarah",
        "summary": (
            "Warga yang tidak terdaftar sebagai penerima bantuan sosial sering datang "
            "dengan marah, dan petugas kami cenderung membela diri. Penjelasan "
            "berbasis data di layar, langkah lanjutan yang tertulis, dan latihan peran "
            "setiap minggu menurunkan kunjungan berulang untuk masalah yang sama dari "
            "45% menjadi 15%."
        ),
        "situation": """
            Setiap kali penyaluran bantuan dimulai, ruang layanan kami penuh warga yang
            bertanya mengapa namanya tidak ada di daftar penerima. Banyak yang datang
            dengan emosi; ada yang merasa dipilih kasih, ada yang sudah berkali-kali
            bolak-balik.

            Petugas kami terbiasa menjawab singkat, "Datanya dari pusat, Bu." Jawaban
            itu benar, tetapi membuat warga makin marah. Dalam sebulan ada enam kejadian
            yang harus ditengahi petugas keamanan.
        """,
        "action": """
            Bersama tim, saya menerapkan teknik percakapan sulit dari pelatihan:

            1. Petugas duduk **bersebelahan** dengan warga dan memperlihatkan data di
               layar, bukan membelakangi monitor.
            2. Alasan disampaikan dengan konkret, misalnya data kepemilikan kendaraan
               atau status pekerjaan yang tercatat di DTSEN.
            3. Warga selalu pulang membawa **secarik kertas** berisi langkah berikutnya:
               mengajukan usulan atau sanggahan lewat kelurahan, dan kapan hasilnya bisa
               dicek.
            4. Setiap Kamis sore kami berlatih peran selama 20 menit dengan kasus yang
               terjadi minggu itu.
        """,
        "result": """
            Dalam empat bulan, warga yang datang lagi untuk masalah yang sama turun dari
            45% menjadi 15%. Kejadian yang harus ditengahi petugas keamanan turun dari
            enam menjadi satu per bulan. Sebanyak 212 usulan perbaikan data diajukan
            warga lewat kelurahan, jalur yang dulu jarang mereka ketahui.
        """,
        "lessons": """
            Warga jarang marah karena jawaban "tidak"; mereka marah karena tidak tahu
            harus berbuat apa setelahnya. Kertas berisi langkah berikutnya itu
            sederhana, tetapi mengubah percakapan. Latihan peran terasa canggung, dan
            justru karena itu berguna.
        """,
        "tags": ["bantuan sosial", "DTSEN", "komunikasi", "percakapan sulit"],
    },
    {
        "key": "demo:16",
        "author": "agus.rangkuti@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "published_at": "2025-07-29T16:00",
        "title": "Membalas keluhan warga di media sosial dalam hitungan jam",
        "summary": (
            "Akun media sosial Pemko menerima sekitar 600 sebutan per bulan, dan "
            "hampir separuh keluhan tidak pernah dijawab. Pemilahan tiga kategori, "
            "jejaring admin penghubung di 20 OPD, dan templat balasan yang lebih "
            "manusiawi memangkas waktu respons median dari 26 menjadi 3 jam."
        ),
        "situation": """
            Warga semakin sering mengeluh lewat media sosial: jalan berlubang, lampu
            jalan mati, antrean di kantor layanan. Tim kami di Diskominfo hanya bisa
            menjawab "Terima kasih, akan kami teruskan ke OPD terkait", lalu tidak tahu
            kelanjutannya.

            Waktu respons median **26 jam**, dan 41% keluhan tidak pernah mendapat
            balasan sama sekali. Balasan yang ada terdengar seperti mesin.
        """,
        "action": """
            - Setiap sebutan dipilah ke dalam tiga kategori: **informasi** (dijawab
              langsung), **keluhan layanan** (diteruskan ke OPD), dan **darurat**
              (diteruskan lewat telepon saat itu juga).
            - Kami membentuk jejaring **admin penghubung** di 20 OPD, masing-masing satu
              orang dengan satu lembar kerja bersama.
            - Templat balasan ditulis ulang dengan bahasa percakapan, menyebut nama
              warga, dan memberi perkiraan waktu.
            - Keluhan yang butuh tindak lanjut panjang dipindahkan ke SP4N-LAPOR! agar
              bisa dilacak.
        """,
        "result": """
            Setelah tiga bulan, waktu respons median turun dari **26 menjadi 3 jam**.
            Keluhan tanpa balasan turun dari 41% menjadi 6%. Beberapa warga bahkan
            membalas dengan ucapan terima kasih, hal yang sebelumnya hampir tidak pernah
            terjadi.
        """,
        "lessons": """
            Kecepatan balasan bergantung pada jejaring di OPD, bukan pada tim media
            sosial. Admin penghubung perlu diapresiasi; kami mengumumkan OPD dengan
            respons tercepat setiap bulan. Nada balasan sama pentingnya dengan isinya.
        """,
        "tags": ["media sosial", "komunikasi", "pengaduan", "kolaborasi"],
        "metric": ("Waktu respons median", "26", "3", "jam"),
    },
    {
        "key": "demo:17",
        "author": "hendra.sitepu@medan.go.id",
        "program": "Seminar Etika Pelayanan Publik",
        "published_at": "2025-08-19T09:15",
        "title": 'Menolak "uang terima kasih" tanpa menyinggung warga',
        "summary": (
            "Banyak warga, terutama yang sudah sepuh, ingin memberi amplop atau "
            "oleh-oleh setelah dokumennya selesai. Kalimat penolakan yang disepakati "
            "bersama, tanda di setiap loket, dan pelaporan ke Unit Pengendalian "
            "Gratifikasi membuat petugas tidak lagi canggung menolak."
        ),
        "situation": """
            Di loket kami, pemberian kecil sering datang dengan niat tulus: amplop
            berisi dua puluh ribu rupiah, sekotak kue, sebungkus rokok. Menolaknya
            terasa tidak sopan, apalagi kepada orang tua. Sebagian petugas menerima
            karena tidak enak hati, sebagian menolak dengan kaku sehingga warga
            tersinggung.

            Tahun 2024 ada laporan warga yang menyebut petugas kami "minta uang rokok".
            Setelah ditelusuri, itu salah paham. Tetapi kejadian itu menunjukkan bahwa
            wilayah abu-abu ini berbahaya bagi warga dan bagi kami.
        """,
        "action": """
            Seminar Etika Pelayanan Publik membuka diskusi di unit kami. Kami sepakat:

            - **Satu kalimat penolakan** yang hangat dan dipakai semua petugas: *"Terima
              kasih, Pak. Layanan ini gratis, doakan saja kami sehat."*
            - Tanda di setiap loket: **Layanan ini gratis. Kami tidak menerima pemberian
              dalam bentuk apa pun.**
            - Pemberian yang terlanjur ditinggal, misalnya makanan, dicatat dan
              dilaporkan ke Unit Pengendalian Gratifikasi dengan formulir sederhana.
            - Sebulan sekali kami membahas satu kasus abu-abu bersama, tanpa mencari
              siapa yang salah.
        """,
        "result": """
            Dalam tiga bulan tercatat 14 penolakan, dan dua pemberian makanan dilaporkan
            ke Unit Pengendalian Gratifikasi. Dari survei terhadap 300 warga, tidak ada
            satu pun yang merasa dimintai imbalan. Petugas juga bercerita bahwa menolak
            kini terasa lebih mudah karena semua orang memakai kalimat yang sama.
        """,
        "lessons": """
            Integritas lebih mudah dijaga bersama daripada sendiri-sendiri. Kalimat yang
            seragam melindungi petugas muda yang sungkan kepada warga yang lebih tua.
            Diskusi kasus tanpa menyalahkan membuat orang berani bercerita tentang
            godaan yang mereka hadapi.
        """,
        "tags": ["gratifikasi", "integritas", "etika", "kependudukan"],
    },
    {
        "key": "demo:18",
        "author": "maya.ginting@medan.go.id",
        "program": "Seminar Etika Pelayanan Publik",
        "published_at": "2026-01-27T14:30",
        "title": "Kantor camat tanpa calo",
        "summary": (
            'Di halaman parkir kantor camat ada orang-orang yang menawarkan "bantuan '
            'mengurus" dengan imbalan. Meja sambut di pintu masuk, daftar layanan '
            "gratis yang mencolok, dan aturan surat kuasa untuk berkas yang dibawa "
            "orang lain menurunkan berkas lewat perantara dari sekitar 20% menjadi "
            "3%."
        ),
        "situation": """
            Calo tidak pernah masuk ke ruang layanan; mereka menunggu di halaman parkir.
            Warga yang bingung mudah percaya kepada orang yang terlihat tahu prosedur.
            Biayanya bisa ratusan ribu rupiah untuk surat yang sebenarnya gratis.

            Yang lebih mengganggu, beberapa calo terlihat akrab dengan petugas. Kami
            tidak punya bukti pelanggaran, tetapi kesan itu saja sudah merusak
            kepercayaan warga.
        """,
        "action": """
            Setelah Seminar Etika Pelayanan Publik, saya mengajukan tiga perubahan
            kepada Camat:

            1. **Meja sambut** di pintu masuk. Setiap warga disapa, ditanya
               keperluannya, dan diantar ke loket yang tepat.
            2. Spanduk besar di halaman: daftar layanan kecamatan, semuanya **gratis**,
               beserta nomor pengaduan.
            3. Berkas hanya diterima dari pemohon sendiri atau dari orang yang membawa
               **surat kuasa** bermeterai. Petugas dilarang menerima titipan berkas dari
               siapa pun di luar itu.
            4. Petugas loket dirotasi setiap enam bulan.
        """,
        "result": """
            Berkas yang diajukan lewat perantara turun dari sekitar **20% menjadi 3%**.
            Selama enam bulan tidak ada pengaduan pungutan liar. Calo yang biasa mangkal
            di halaman parkir kini jarang terlihat; menurut juru parkir, "sudah tidak
            ada pasarannya".
        """,
        "lessons": """
            Calo hidup dari kebingungan warga. Begitu warga tahu layanan itu gratis dan
            ada orang yang mau membantu di pintu masuk, calo kehilangan pelanggan.
            Aturan surat kuasa sempat dikeluhkan oleh anak yang mengurus surat orang
            tuanya, jadi kami menyediakan contoh surat kuasa yang bisa langsung diisi di
            tempat.
        """,
        "tags": ["calo", "integritas", "pelayanan publik", "kecamatan"],
        "metric": ("Berkas yang diajukan lewat perantara", "20", "3", "%"),
    },
    {
        "key": "demo:19",
        "author": "rosmawati.sembiring@medan.go.id",
        "program": "Seminar Etika Pelayanan Publik",
        "published_at": "2025-12-16T10:00",
        "title": "Memanggil pasien dengan nomor, bukan nama dan diagnosis",
        "summary": (
            "Di ruang tunggu puskesmas, petugas pernah memanggil pasien dengan nama "
            "lengkap sekaligus jenis pemeriksaannya. Setelah seminar etika, kami "
            "beralih ke nomor panggil, ruang konseling tertutup, dan rekam medis yang "
            "tidak lagi tergeletak di meja. Pasien tuberkulosis yang putus berobat "
            "turun dari 9 menjadi 2 orang per semester."
        ),
        "situation": """
            Ruang tunggu kami sempit dan ramai. Untuk mempercepat, petugas biasa
            berseru, "Ibu Fulanah, yang periksa dahak, ke ruang tiga!" Semua orang di
            ruangan jadi tahu siapa yang sedang diperiksa untuk TB.

            Kami baru menyadari dampaknya ketika seorang pasien berterus terang bahwa ia
            berhenti berobat karena tetangganya mulai menjauh. Dalam satu semester,
            **sembilan pasien TB** putus berobat.
        """,
        "action": """
            Seminar Etika Pelayanan Publik membahas perlindungan data pribadi sebagai
            bagian dari pelayanan, bukan urusan administrasi semata. Di puskesmas kami
            menerapkan:

            - **nomor panggil** untuk semua poli; nama hanya dikonfirmasi pelan di dalam
              ruangan;
            - ruang konseling TB dan HIV dengan pintu yang bisa ditutup, dijadwalkan di
              luar jam tersibuk;
            - map rekam medis ditutup dan tidak ditaruh terbuka di meja pendaftaran;
            - pengarahan singkat tentang kerahasiaan pasien untuk seluruh staf, termasuk
              petugas kebersihan dan satpam.
        """,
        "result": """
            Pada semester berikutnya, pasien TB yang putus berobat turun dari **9
            menjadi 2 orang**. Dalam survei kepuasan, pertanyaan "Saya merasa privasi
            saya dijaga" naik dari 61% menjadi 89% jawaban setuju.
        """,
        "lessons": """
            Pelanggaran privasi sering lahir dari kebiasaan yang tampak efisien. Kami
            tidak perlu peralatan mahal; cukup kebiasaan baru dan pengingat dari satu
            sama lain. Petugas kebersihan dan satpam juga perlu dilibatkan, karena
            mereka mendengar banyak hal.
        """,
        "tags": ["privasi", "etika", "puskesmas", "tuberkulosis"],
        "metric": ("Pasien TB putus berobat", "9", "2", "orang per semester"),
    },
    {
        "key": "demo:20",
        "author": "lestari.simanjuntak@medan.go.id",
        "program": "Seminar Etika Pelayanan Publik",
        "published_at": "2025-07-22T08:45",
        "title": "Penerimaan murid baru yang terbuka di tingkat SMP",
        "summary": (
            'Setiap musim penerimaan murid baru beredar kabar tentang "jalur '
            'titipan". Pengumuman kuota dan peringkat harian yang terbuka, satu '
            "kanal aduan dengan jawaban dalam dua hari, serta pakta integritas "
            "panitia menurunkan aduan dari 120 menjadi 38."
        ),
        "situation": """
            Sebagai pengawas, saya mendampingi panitia penerimaan murid baru di sebelas
            SMP negeri. Tahun sebelumnya kami menerima **120 aduan**. Sebagian besar
            tentang ketidakjelasan: berapa kuota tiap jalur, mengapa anak tetangga
            diterima padahal jaraknya lebih jauh, siapa yang memutuskan.

            Panitia juga menghadapi tekanan yang jarang dibicarakan: telepon dan pesan
            dari orang-orang berpengaruh yang "menitipkan" anak.
        """,
        "action": """
            Seminar Etika Pelayanan Publik membantu saya merumuskan bahwa keterbukaan
            adalah perlindungan bagi panitia juga.

            - Kuota per jalur diumumkan di papan sekolah dan laman dinas sebelum
              pendaftaran dibuka.
            - **Daftar peringkat** diperbarui setiap hari dan dapat dilihat siapa saja.
            - Satu kanal aduan untuk semua sekolah, dengan janji jawaban dalam **2×24
              jam**.
            - Seluruh panitia menandatangani pakta integritas. Untuk permintaan titipan,
              kami menyiapkan jawaban tertulis yang sopan dan merujuk pada aturan,
              supaya panitia tidak harus menolak dengan kata-kata sendiri.
        """,
        "result": """
            Aduan turun dari **120 menjadi 38**, dan semuanya dijawab dalam dua hari.
            Sebagian besar aduan yang tersisa berupa pertanyaan teknis tentang unggah
            berkas, bukan tuduhan kecurangan. Beberapa kepala sekolah mengaku jawaban
            tertulis itu membuat mereka lebih tenang menghadapi permintaan titipan.
        """,
        "lessons": """
            Kecurigaan tumbuh dalam ruang gelap. Begitu peringkat bisa dilihat setiap
            hari, banyak pertanyaan terjawab sendiri. Panitia perlu dilindungi, bukan
            hanya diawasi; jawaban tertulis yang seragam adalah bentuk perlindungan itu.
        """,
        "tags": ["SPMB", "transparansi", "pendidikan", "etika"],
        "metric": ("Aduan penerimaan murid baru", "120", "38", "aduan per tahun"),
    },
    {
        "key": "demo:21",
        "author": "wulan.purba@medan.go.id",
        "program": "Workshop Pelayanan Prima",
        "published_at": "2025-10-07T09:30",
        "title": "Loket prioritas untuk lansia, ibu hamil, dan penyandang disabilitas",
        "summary": (
            "Lansia dan penyandang disabilitas menunggu sambil berdiri di antrean yang "
            "sama dengan warga lain. Loket prioritas, kursi tunggu yang cukup, bidang "
            "miring di pintu masuk, dan petugas yang menjemput di parkiran menaikkan "
            "Indeks Kepuasan Masyarakat kantor kami dari 78,4 menjadi 86,9."
        ),
        "situation": """
            Kantor Camat Medan Johor melayani sekitar 90 warga sehari. Kursi tunggu
            hanya dua belas, dan antrean berlaku sama untuk semua. Saya pernah melihat
            seorang nenek berdiri hampir satu jam, berpegangan pada dinding.

            Pintu masuk kami punya tiga anak tangga tanpa bidang miring. Warga pengguna
            kursi roda harus diangkat, atau dilayani di halaman.
        """,
        "action": """
            Dalam Workshop Pelayanan Prima kami diminta menelusuri layanan dari sudut
            pandang warga yang paling kesulitan. Saya pulang dengan daftar yang cukup
            panjang, lalu memilih yang bisa dikerjakan dalam sebulan:

            - **loket prioritas** untuk lansia, ibu hamil, dan penyandang disabilitas,
              dengan nomor antrean tersendiri;
            - kursi tunggu ditambah menjadi 30, hasil pinjaman dari aula kecamatan;
            - **bidang miring** sementara dari pelat besi di pintu masuk, sambil
              menunggu pembangunan yang permanen;
            - petugas keamanan menjemput warga yang kesulitan berjalan sejak dari
              parkiran;
            - angka antrean di layar diperbesar.
        """,
        "result": """
            Waktu layanan untuk warga prioritas turun dari sekitar 60 menjadi 20 menit.
            Indeks Kepuasan Masyarakat semester berikutnya naik dari **78,4 menjadi
            86,9**. Bidang miring permanen akhirnya masuk anggaran perubahan tahun itu.
        """,
        "lessons": """
            Perbaikan kecil yang terlihat, seperti kursi dan bidang miring sementara,
            menggerakkan keputusan anggaran yang lebih besar. Warga lain tidak keberatan
            didahului lansia, asalkan aturannya jelas dan ditulis di papan.
        """,
        "tags": ["lansia", "disabilitas", "pelayanan prima", "kecamatan"],
        "metric": ("Indeks Kepuasan Masyarakat", "78.4", "86.9", "poin"),
    },
    {
        "key": "demo:22",
        "author": "dedi.hasibuan@medan.go.id",
        "program": "Workshop Pelayanan Prima",
        "published_at": "2025-05-27T15:20",
        "title": "Jemput bola perekaman KTP-el di panti werdha dan rumah warga",
        "summary": (
            "Ratusan lansia dan penyandang disabilitas tidak bisa datang ke kantor "
            "untuk merekam KTP-el, padahal dokumen itu syarat layanan kesehatan dan "
            "bantuan sosial. Dengan perangkat perekaman keliling dan jadwal bersama "
            "panti serta kepala lingkungan, 212 warga terekam dalam empat bulan."
        ),
        "situation": """
            Dari data kelurahan kami tahu ada banyak warga lanjut usia dan penyandang
            disabilitas berat yang belum punya KTP-el. Mereka bukan tidak mau; mereka
            tidak bisa datang. Akibatnya mereka kesulitan mendaftar BPJS Kesehatan,
            menerima bantuan sosial, bahkan membuka rekening.

            Selama ini layanan jemput bola hanya dilakukan bila ada permintaan tertulis,
            dan prosesnya memakan waktu berminggu-minggu.
        """,
        "action": """
            Workshop Pelayanan Prima mengajak kami bertanya: siapa yang tidak pernah
            sampai ke loket kita? Kami lalu:

            1. Mendata sasaran bersama panti werdha, kepala lingkungan, dan puskesmas.
            2. Menyiapkan satu set **perangkat perekaman keliling** yang selalu siap
               dibawa.
            3. Menjadwalkan kunjungan setiap Rabu dan Sabtu, termasuk sore hari ketika
               keluarga pendamping ada di rumah.
            4. Mencetak KTP-el di kantor dan mengantarkannya kembali pada kunjungan
               berikutnya.
        """,
        "result": """
            Dalam empat bulan, **212 warga** terekam: 134 lansia di lima panti werdha
            dan 78 warga di rumah masing-masing. Sebanyak 63 di antaranya langsung
            didaftarkan sebagai peserta BPJS Kesehatan penerima bantuan iuran oleh Dinas
            Sosial.

            Beberapa keluarga menangis ketika KTP orang tuanya diantar. Bagi mereka itu
            bukan sekadar kartu.
        """,
        "lessons": """
            Layanan yang baik kadang berarti meninggalkan meja. Kerja sama dengan
            puskesmas paling berguna, karena merekalah yang tahu siapa saja yang
            terbaring di rumah. Perangkat keliling harus diperiksa sebelum berangkat;
            sekali kami tiba tanpa kabel kamera dan harus kembali lagi.
        """,
        "tags": ["jemput bola", "KTP-el", "lansia", "kependudukan", "pelayanan prima"],
    },
    {
        "key": "demo:23",
        "author": "siska.tarigan@medan.go.id",
        "program": "Workshop Pelayanan Prima",
        "published_at": "2026-04-14T10:45",
        "title": "Pendaftaran rawat jalan lewat WhatsApp memangkas antrean pagi",
        "summary": (
            "Pasien rawat jalan datang sejak pukul lima pagi dan memenuhi lobi sebelum "
            "loket dibuka. Pendaftaran lewat WhatsApp sehari sebelumnya, jadwal "
            "kontrol yang diberikan saat pulang rawat, dan loket khusus bagi yang "
            "tidak memakai ponsel memangkas waktu tunggu hingga terdaftar dari 135 "
            "menjadi 40 menit."
        ),
        "situation": """
            Setiap pagi lobi rawat jalan penuh sesak. Pasien datang sangat awal karena
            takut tidak kebagian nomor, padahal poliklinik baru buka pukul delapan.
            Waktu tunggu rata-rata dari datang sampai terdaftar **2 jam 15 menit**.
            Pasien lansia duduk di lantai, dan petugas pendaftaran sudah kewalahan
            sebelum hari dimulai.
        """,
        "action": """
            Di Workshop Pelayanan Prima saya menggambar ulang perjalanan pasien sejak
            keluar rumah. Hampir semua masalah terjadi sebelum pasien bertemu dokter.
            Kami lalu menguji coba di tiga poliklinik:

            - pendaftaran lewat **WhatsApp pada hari sebelumnya**, dengan balasan berisi
              nomor dan perkiraan jam datang;
            - pasien yang pulang dari rawat inap langsung diberi jadwal kontrol,
              sehingga tidak perlu mendaftar lagi;
            - satu loket khusus bagi pasien tanpa ponsel atau yang datang tanpa
              mendaftar;
            - petugas yang berkeliling di lobi membantu pasien lansia.
        """,
        "result": """
            Setelah tiga bulan uji coba, waktu tunggu hingga terdaftar turun dari **135
            menjadi 40 menit**. Jumlah orang di lobi pukul 07.00 turun dari sekitar 300
            menjadi 120. Rumah sakit memutuskan memperluas cara ini ke seluruh
            poliklinik pada tahun anggaran berikutnya.
        """,
        "lessons": """
            Uji coba kecil memudahkan kami meyakinkan manajemen, karena angkanya nyata.
            Loket tanpa ponsel tetap penting; sekitar seperempat pasien kami masih
            memakainya. Nomor WhatsApp pendaftaran harus dijaga petugas khusus, bukan
            dikerjakan di sela tugas lain.
        """,
        "tags": [
            "antrean",
            "rumah sakit",
            "rawat jalan",
            "pelayanan prima",
            "digitalisasi",
        ],
        "metric": ("Waktu tunggu hingga terdaftar", "135", "40", "menit"),
    },
    {
        "key": "demo:24",
        "author": "kevin.wijaya@medan.go.id",
        "program": "Workshop Pelayanan Prima",
        "published_at": "2025-09-16T11:10",
        "title": "Meja bantu PBB bagi wajib pajak yang kebingungan",
        "summary": (
            "Wajib pajak yang menemukan kesalahan pada SPPT PBB rata-rata harus datang "
            "tiga kali sebelum urusannya selesai. Meja bantu dengan pemeriksaan di "
            "tempat, layanan Sabtu menjelang jatuh tempo, dan kabar status lewat pesan "
            "singkat menurunkannya menjadi 1,4 kali."
        ),
        "situation": """
            Banyak warga datang ke kantor kami karena luas bangunan atau nama pemilik di
            SPPT PBB tidak sesuai. Mereka diminta mengisi formulir, kembali membawa
            dokumen yang kurang, lalu kembali lagi untuk mengambil SPPT yang sudah
            dibetulkan. Rata-rata **tiga kali kunjungan** untuk satu urusan, dan
            pembetulan memakan 14 hari kerja.

            Tidak sedikit yang akhirnya membiarkan tagihan yang salah dan menunggak.
        """,
        "action": """
            - Meja bantu di lobi memeriksa dokumen **saat itu juga**, sebelum formulir
              diisi, sehingga kekurangan langsung diketahui.
            - Pembetulan sederhana seperti salah ketik nama diselesaikan hari itu.
            - Pada Mei sampai Agustus, menjelang jatuh tempo, layanan dibuka juga pada
              hari Sabtu.
            - Status pembetulan dikirim lewat pesan singkat, sehingga warga hanya datang
              untuk mengambil hasil yang sudah pasti jadi.
        """,
        "result": """
            Rata-rata kunjungan per urusan turun dari **3 menjadi 1,4 kali**. Pembetulan
            SPPT selesai dalam 5 hari kerja, sebelumnya 14. Beberapa wajib pajak yang
            bertahun-tahun menunggak karena tagihan salah akhirnya melunasi setelah
            datanya diperbaiki.
        """,
        "lessons": """
            Warga tidak keberatan membayar pajak; mereka keberatan membayar tagihan yang
            salah. Pemeriksaan dokumen di awal menghemat waktu semua pihak. Layanan
            Sabtu melelahkan petugas, jadi kami memberi libur pengganti pada hari Senin.
        """,
        "tags": ["pajak daerah", "PBB", "pelayanan prima"],
        "metric": ("Kunjungan per pembetulan SPPT", "3", "1.4", "kali"),
    },
    {
        "key": "demo:25",
        "author": "ahmad.lubis@medan.go.id",
        "program": "Workshop Pelayanan Prima",
        "published_at": "2025-04-29T13:30",
        "title": "Uji KIR tepat waktu dengan jadwal per jam",
        "summary": (
            "Pemilik angkot dan mobil barang bisa menghabiskan empat jam di tempat "
            "pengujian kendaraan, kehilangan setengah hari penghasilan. Pemesanan "
            "jadwal per jam, pemeriksaan dokumen lewat WhatsApp sebelum datang, dan "
            "dua jalur uji memangkasnya menjadi satu setengah jam."
        ),
        "situation": """
            Bagi sopir angkot, setiap jam yang hilang di antrean uji berkala adalah
            setoran yang berkurang. Kendaraan datang bersamaan pada pagi hari, dokumen
            sering kurang, dan satu kendaraan yang berkasnya bermasalah bisa menahan
            antrean di belakangnya. Waktu layanan rata-rata sekitar **empat jam**.
        """,
        "action": """
            Dari Workshop Pelayanan Prima saya membawa satu pertanyaan: bagaimana
            rasanya menjadi sopir yang menunggu di lapangan panas itu? Lalu kami:

            - membuka **pemesanan jadwal per jam** lewat WhatsApp dan loket;
            - memeriksa foto dokumen sehari sebelumnya, sehingga yang datang sudah pasti
              lengkap;
            - memisahkan jalur kendaraan penumpang dan kendaraan barang;
            - memasang tenda dan air minum untuk sopir yang menunggu.
        """,
        "result": """
            Waktu layanan rata-rata turun dari **240 menjadi 90 menit**. Kendaraan yang
            ditolak karena dokumen kurang turun dari sekitar 15% menjadi 4%. Paguyuban
            sopir angkot meminta jadwal sore ditambah, dan sejak Juni kami melayani
            sampai pukul 15.00.
        """,
        "lessons": """
            Pemeriksaan dokumen sebelum datang adalah langkah yang paling terasa
            manfaatnya. Tenda dan air minum murah sekali, tetapi paling sering disebut
            sopir ketika kami bertanya apa yang berubah.
        """,
        "tags": ["uji KIR", "angkutan umum", "antrean", "perhubungan"],
        "metric": ("Waktu layanan uji KIR", "240", "90", "menit"),
    },
    {
        "key": "demo:26",
        "author": "irwan.tanjung@medan.go.id",
        "program": "Pelatihan Kepemimpinan Pengawas",
        "published_at": "2025-11-25T10:00",
        "title": "Aksi perubahan: dasbor indikator kinerja untuk 21 kecamatan",
        "summary": (
            "Laporan kinerja 21 kecamatan datang dalam format yang berbeda-beda, dan "
            "kami butuh dua minggu untuk merekapnya setiap triwulan. Sebagai aksi "
            "perubahan Pelatihan Kepemimpinan Pengawas, kami menyepakati 12 indikator, "
            "satu formulir bersama, dan dasbor yang diperbarui otomatis."
        ),
        "situation": """
            Setiap triwulan, Bappeda meminta laporan capaian dari 21 kecamatan. Yang
            datang berupa berkas pindaian, lembar kerja dengan kolom berbeda, bahkan
            foto tabel tulisan tangan. Dua staf kami menghabiskan sekitar **sepuluh hari
            kerja** untuk menyalin ulang dan mencocokkan angka.

            Ketika rekap selesai, datanya sudah basi untuk bahan rapat evaluasi.
        """,
        "action": """
            Aksi perubahan saya di Pelatihan Kepemimpinan Pengawas berangkat dari
            pertanyaan mentor: *apa yang sebenarnya dibutuhkan pimpinan dari laporan
            ini?*

            1. Bersama perwakilan kecamatan, kami memangkas puluhan isian menjadi **12
               indikator** yang benar-benar dipakai.
            2. Semua kecamatan mengisi satu formulir daring dengan definisi yang sama
               untuk setiap angka.
            3. Data langsung tampil di **dasbor** yang bisa dibuka camat dan pimpinan
               daerah.
            4. Saya melatih operator di setiap kecamatan dan membuka sesi tanya jawab
               setiap Jumat selama dua bulan.
        """,
        "result": """
            Rekap triwulan kini selesai dalam **satu hari kerja**, sebelumnya sepuluh.
            Pada triwulan ketiga, 19 dari 21 kecamatan melapor tepat waktu. Dasbor
            dipakai langsung dalam rapat evaluasi pembangunan, dan dua camat mulai
            memakai angka kecamatan lain sebagai pembanding.
        """,
        "lessons": """
            Memimpin perubahan lintas instansi tanpa wewenang memerintah berarti banyak
            mendengar. Indikator yang sedikit tetapi disepakati lebih berharga daripada
            indikator yang lengkap tetapi diisi asal-asalan. Mentor saya benar: aksi
            perubahan yang baik memecahkan masalah orang lain, bukan hanya masalah kita.
        """,
        "tags": ["aksi perubahan", "kepemimpinan", "data", "perencanaan", "kecamatan"],
        "metric": ("Waktu rekap laporan triwulan", "10", "1", "hari kerja"),
    },
    {
        "key": "demo:27",
        "author": "fransiskus.sinaga@medan.go.id",
        "program": "Pelatihan Kepemimpinan Pengawas",
        "published_at": "2026-02-24T15:30",
        "title": "Memimpin relawan kelurahan tangguh bencana tanpa garis komando",
        "summary": (
            "Relawan kelurahan tangguh bencana bukan pegawai; mereka datang karena "
            "mau, dan pergi ketika merasa tidak dihargai. Gaya kepemimpinan yang saya "
            "pelajari di Pelatihan Kepemimpinan Pengawas membantu menaikkan jumlah "
            "relawan aktif dari 45 menjadi 112 orang di 12 kelurahan."
        ),
        "situation": """
            BPBD mendampingi 12 kelurahan tangguh bencana. Di atas kertas ada ratusan
            relawan; yang benar-benar hadir dalam latihan hanya sekitar **45 orang**.
            Banyak yang mundur karena merasa hanya dipanggil untuk acara seremonial atau
            saat ada kunjungan pejabat.

            Saya terbiasa memimpin staf dengan surat tugas. Cara itu tidak berlaku bagi
            relawan.
        """,
        "action": """
            Pelatihan Kepemimpinan Pengawas mengenalkan saya pada kepemimpinan
            situasional: menyesuaikan gaya dengan kesiapan orang yang dipimpin.

            - Relawan baru mendapat pendampingan langsung; relawan senior diberi peran
              melatih.
            - Setiap kelurahan menyusun sendiri **rencana kontingensi** sederhana. BPBD
              hanya mendampingi.
            - Latihan bulanan dipindahkan ke akhir pekan dan dibuat singkat, paling lama
              tiga jam.
            - Setiap kontribusi diakui: sertifikat, cerita di media sosial BPBD, dan
              undangan ke rapat evaluasi.
        """,
        "result": """
            Dalam setahun, relawan aktif naik dari **45 menjadi 112 orang**. Kedua belas
            kelurahan kini punya rencana kontingensi yang disusun warganya sendiri.
            Kehadiran dalam simulasi naik dari 60% menjadi 85%. Saat banjir Desember
            lalu, relawan di tiga kelurahan sudah bergerak sebelum tim kami tiba.
        """,
        "lessons": """
            Relawan tidak butuh perintah; mereka butuh alasan dan pengakuan. Menyerahkan
            penyusunan rencana kepada warga memang lebih lambat, tetapi mereka merasa
            memiliki rencananya. Saya juga belajar menahan diri untuk tidak mengambil
            alih setiap kali ada yang kurang rapi.
        """,
        "tags": [
            "kepemimpinan",
            "relawan",
            "kelurahan tangguh bencana",
            "kesiapsiagaan",
        ],
        "metric": ("Relawan aktif", "45", "112", "orang"),
    },
    {
        "key": "demo:28",
        "author": "dewi.harahap@medan.go.id",
        "program": "Pelatihan Kepemimpinan Pengawas",
        "published_at": "2025-06-10T09:00",
        "title": "Mentoring berjenjang bagi CPNS baru di BKPSDM",
        "summary": (
            "Orientasi CPNS dulu hanya satu hari ceramah, dan pegawai baru belajar "
            "dengan menebak-nebak. Program mentoring 12 minggu, satu mentor untuk tiga "
            "CPNS, membuat 85% dari mereka mampu mengerjakan tugas inti secara mandiri "
            "setelah tiga bulan."
        ),
        "situation": """
            Tahun lalu BKPSDM menerima 36 CPNS. Orientasinya sehari penuh di aula:
            paparan struktur organisasi, tata tertib, dan aplikasi kepegawaian. Setelah
            itu mereka langsung ditempatkan.

            Dalam evaluasi tiga bulan, hanya sekitar **40%** yang merasa mampu
            mengerjakan tugas inti tanpa bertanya terus-menerus. Atasan mengeluh harus
            mengajari hal yang sama berulang kali, dan para CPNS merasa sungkan
            bertanya.
        """,
        "action": """
            Saya menjadikan mentoring sebagai aksi perubahan di Pelatihan Kepemimpinan
            Pengawas.

            1. Dua belas pegawai senior dipilih menjadi **mentor**, masing-masing
               mendampingi tiga CPNS.
            2. Mentor mengikuti pembekalan empat jam tentang cara bertanya, memberi
               umpan balik, dan membiarkan orang mencoba.
            3. Setiap minggu ada **obrolan 30 menit** antara mentor dan CPNS, dengan
               daftar kompetensi sebagai panduan.
            4. CPNS berotasi ke tiga bidang selama 12 minggu sebelum penempatan tetap.
        """,
        "result": """
            Pada evaluasi tiga bulan berikutnya, **85%** CPNS menyatakan mampu
            mengerjakan tugas inti secara mandiri, dan penilaian atasan menunjukkan hal
            yang sama. Beberapa mentor mengaku ikut belajar, terutama soal aplikasi baru
            yang lebih dikuasai para CPNS.
        """,
        "lessons": """
            Mentoring gagal bila mentor tidak diberi waktu. Kami meminta pimpinan bidang
            mengakui jam mentoring sebagai bagian dari kinerja. Rotasi ke tiga bidang
            sempat dianggap membuang waktu, tetapi CPNS jadi paham alur kerja
            antarbidang sejak awal.
        """,
        "tags": ["mentoring", "CPNS", "kepemimpinan", "pengembangan kompetensi"],
        "metric": (
            "CPNS yang mandiri mengerjakan tugas inti setelah 3 bulan",
            "40",
            "85",
            "%",
        ),
    },
    {
        "key": "demo:29",
        "author": "yusuf.batubara@medan.go.id",
        "program": "Pelatihan Kepemimpinan Pengawas",
        "published_at": "2026-03-31T11:20",
        "title": "Membangun budaya melapor insiden keselamatan pasien di IGD",
        "summary": (
            "IGD kami nyaris tidak pernah melaporkan insiden, bukan karena tidak ada, "
            "tetapi karena orang takut disalahkan. Rapat tanpa menyalahkan, formulir "
            "satu menit, dan tanggapan atas setiap laporan menaikkan laporan insiden "
            "dari 3 menjadi 22 per bulan."
        ),
        "situation": """
            Dalam setahun, IGD hanya mengirim rata-rata **tiga laporan insiden** per
            bulan ke komite keselamatan pasien. Angka itu terlalu kecil untuk unit
            sesibuk kami. Dari obrolan informal saya tahu alasannya: melapor berarti
            membuka diri untuk disalahkan, dan laporan yang masuk tidak pernah mendapat
            tanggapan.

            Akibatnya, kejadian nyaris cedera, seperti obat yang hampir tertukar, tidak
            pernah dipelajari bersama.
        """,
        "action": """
            Di Pelatihan Kepemimpinan Pengawas saya belajar bahwa budaya tim dibentuk
            oleh apa yang dilakukan pemimpin ketika ada yang salah.

            - Saya mulai dengan melaporkan kesalahan saya sendiri di depan tim.
            - Setiap Kamis ada **rapat 20 menit tanpa menyalahkan**. Yang dibahas adalah
              sistem, bukan orang.
            - Formulir laporan dipangkas menjadi isian satu menit dan dapat diisi lewat
              ponsel.
            - Setiap laporan mendapat tanggapan dalam seminggu, berupa apa yang kami
              ubah karenanya.
        """,
        "result": """
            Dalam enam bulan, laporan insiden dan kejadian nyaris cedera naik dari **3
            menjadi 22 per bulan**. Dari laporan-laporan itu lahir beberapa perubahan:
            obat dengan nama mirip disimpan di laci terpisah, dan serah terima pasien
            antarsif memakai daftar periksa.

            Angka laporan yang naik bukan kabar buruk. Itu tanda orang mulai percaya.
        """,
        "lessons": """
            Kepercayaan dibangun dari tanggapan, bukan dari imbauan. Bila laporan tidak
            pernah ditanggapi, orang berhenti melapor. Pemimpin harus menjadi yang
            pertama mengakui kesalahan.
        """,
        "tags": ["keselamatan pasien", "kepemimpinan", "IGD", "rumah sakit"],
        "metric": ("Laporan insiden dan nyaris cedera", "3", "22", "laporan per bulan"),
    },
    {
        "key": "demo:30",
        "author": "putri.lubis@medan.go.id",
        "program": "Pelatihan Analisis Data untuk Perencanaan",
        "published_at": "2025-11-04T14:00",
        "title": "Data posyandu untuk menemukan balita berisiko stunting lebih awal",
        "summary": (
            "Data penimbangan dari ratusan posyandu menumpuk tanpa pernah dianalisis. "
            "Dengan lembar kerja sederhana yang menandai balita yang berat badannya "
            "tidak naik dua bulan berturut-turut, puskesmas bisa menangani 82% balita "
            "berisiko dalam dua minggu, sebelumnya 35%."
        ),
        "situation": """
            Setiap bulan kader posyandu menimbang dan mengukur balita, lalu mencatatnya
            di buku dan melaporkan rekapnya ke puskesmas. Rekap itu berupa jumlah, bukan
            nama. Balita yang berat badannya tidak naik baru ketahuan ketika kondisinya
            sudah jelas terlihat, sering berbulan-bulan kemudian.

            Hanya sekitar **35%** balita berisiko yang mendapat kunjungan atau konseling
            gizi dalam dua minggu setelah penimbangan.
        """,
        "action": """
            Pelatihan Analisis Data untuk Perencanaan membuat saya berani memakai data
            yang sudah ada, tanpa menunggu aplikasi baru.

            1. Bersama dua puskesmas percontohan, kami meminta kader mengirim data per
               anak, bukan hanya rekap.
            2. Saya menyusun **lembar kerja** yang otomatis menandai balita yang berat
               badannya tidak naik dua bulan berturut-turut atau berada di bawah garis
               merah.
            3. Setiap tanggal 10, daftar balita bertanda dikirim ke bidan kelurahan dan
               tenaga gizi puskesmas.
            4. Peta sebaran sederhana dipakai dalam rapat lintas sektor di kecamatan.
        """,
        "result": """
            Dalam empat bulan, balita berisiko yang ditangani dalam dua minggu naik dari
            **35% menjadi 82%**. Dari 146 balita yang ditandai, 61 kembali ke jalur
            pertumbuhan normal setelah konseling dan pemberian makanan tambahan.
            Kecamatan memakai peta sebaran untuk menentukan lokasi kelas ibu balita.
        """,
        "lessons": """
            Data yang paling berguna sering kali sudah ada; yang kurang adalah kebiasaan
            membacanya. Kader perlu melihat bahwa data mereka dipakai, jadi setiap bulan
            kami mengirim kembali ringkasan hasil ke posyandu. Lembar kerja harus
            sederhana; versi pertama saya terlalu rumit dan tidak ada yang mau
            membukanya.
        """,
        "tags": ["stunting", "posyandu", "data", "kesehatan", "gizi"],
        "metric": ("Balita berisiko yang ditangani dalam 2 minggu", "35", "82", "%"),
    },
    {
        "key": "demo:31",
        "author": "kevin.wijaya@medan.go.id",
        "program": "Pelatihan Analisis Data untuk Perencanaan",
        "published_at": "2026-01-13T09:50",
        "title": (
            "Membaca data tunggakan PBB per kelurahan untuk menentukan prioritas "
            "penagihan"
        ),
        "summary": (
            "Penagihan tunggakan PBB dulu dilakukan merata ke semua wilayah, sehingga "
            "tenaga habis untuk objek pajak bernilai kecil. Setelah data tunggakan "
            "dipetakan per kelurahan dan dikelompokkan menurut nilai dan umur, petugas "
            "memusatkan kunjungan pada kelompok yang paling mungkin dilunasi."
        ),
        "situation": """
            Bapenda memiliki daftar tunggakan PBB yang sangat panjang, sebagian berumur
            lebih dari lima tahun. Petugas penagihan dibagi rata per kecamatan dan
            mendatangi objek pajak sesuai urutan daftar. Hasilnya kecil: hanya sekitar
            **9%** nilai tunggakan yang tertagih dalam setahun.

            Belakangan kami tahu banyak objek di daftar itu sudah berganti pemilik atau
            alamatnya tidak ditemukan.
        """,
        "action": """
            Dengan cara yang dipelajari di Pelatihan Analisis Data untuk Perencanaan,
            saya mengolah data tunggakan di lembar kerja:

            - tunggakan dikelompokkan menurut **nilai** dan **umur**;
            - setiap kelurahan diberi skor berdasarkan nilai tunggakan dan tingkat
              pelunasan tahun sebelumnya;
            - objek dengan alamat meragukan dipisahkan untuk diverifikasi bersama
              kelurahan lebih dulu;
            - petugas memusatkan kunjungan pada objek bernilai besar yang tunggakannya
              kurang dari tiga tahun.

            Hasilnya saya sajikan sebagai peta dan tabel satu halaman untuk rapat
            penagihan setiap bulan.
        """,
        "result": """
            Dalam satu tahun anggaran, tunggakan yang tertagih naik dari sekitar **9%
            menjadi 21%** dari nilai sasaran. Verifikasi bersama kelurahan menemukan
            lebih dari 2.300 objek dengan data yang perlu dimutakhirkan, pekerjaan yang
            kini menjadi program tersendiri.
        """,
        "lessons": """
            Data yang buruk menyamar sebagai pekerjaan yang banyak. Memisahkan data yang
            meragukan lebih dulu membuat petugas tidak frustrasi mengetuk rumah yang
            sudah kosong. Tabel satu halaman lebih sering dibaca pimpinan daripada
            laporan tebal.
        """,
        "tags": ["pajak daerah", "PBB", "data", "penagihan"],
        "metric": ("Tunggakan PBB yang tertagih", "9", "21", "%"),
    },
    {
        "key": "demo:32",
        "author": "nurhaliza.siregar@medan.go.id",
        "program": "Pelatihan Analisis Data untuk Perencanaan",
        "published_at": "2025-10-28T10:40",
        "title": "Membersihkan data ganda penerima bantuan dengan pencocokan NIK",
        "summary": (
            "Daftar penerima bantuan pangan daerah disusun dari beberapa sumber, dan "
            "kami curiga ada nama yang tercatat lebih dari sekali. Pencocokan NIK dan "
            "alamat dengan lembar kerja menemukan 1.240 data ganda, sehingga bantuan "
            "bisa dialihkan kepada warga yang belum pernah menerima."
        ),
        "situation": """
            Bantuan pangan daerah di kota kami disalurkan berdasarkan daftar gabungan
            dari kelurahan, hasil pendataan lama, dan usulan masyarakat. Setiap sumber
            punya format sendiri, ejaan nama berbeda-beda, dan sebagian baris tidak
            mencantumkan NIK.

            Petugas lapangan sering melapor ada keluarga yang menerima dua kali,
            sementara tetangganya yang jelas membutuhkan tidak pernah tercatat.
        """,
        "action": """
            Setelah Pelatihan Analisis Data untuk Perencanaan, saya mengusulkan
            pembersihan data sebelum penyaluran berikutnya.

            1. Semua sumber disatukan dalam format kolom yang sama.
            2. Baris tanpa NIK dicocokkan dengan data kependudukan melalui Disdukcapil.
            3. Data dengan NIK sama, atau nama dan alamat yang sangat mirip, ditandai
               sebagai **kemungkinan ganda**.
            4. Setiap kemungkinan ganda diperiksa manual oleh petugas kelurahan, bukan
               dihapus otomatis.
        """,
        "result": """
            Dari sekitar 18.600 baris, **1.240 data ganda** terkonfirmasi. Kuota bantuan
            yang dibebaskan dialihkan kepada 1.100 keluarga dari daftar tunggu
            kelurahan. Keluhan "bantuan salah sasaran" pada penyaluran berikutnya turun
            dari 74 menjadi 19.
        """,
        "lessons": """
            Jangan menghapus data secara otomatis; pemeriksaan manual menemukan saudara
            kembar dan keluarga yang memang tinggal di dua alamat. Kerja sama dengan
            Disdukcapil adalah kunci, dan prosesnya lebih cepat bila ada perjanjian
            kerja sama tertulis sejak awal.
        """,
        "tags": ["bantuan sosial", "data", "NIK", "pemutakhiran data"],
    },
    {
        "key": "demo:33",
        "author": "agus.rangkuti@medan.go.id",
        "program": "Pelatihan Pengelolaan Pengaduan Masyarakat",
        "published_at": "2026-04-28T09:30",
        "title": "Pengaduan tuntas lewat satu pintu SP4N-LAPOR! untuk 20 OPD",
        "summary": (
            "Pengaduan warga masuk lewat banyak pintu dan sering berhenti di meja "
            "penghubung tanpa jawaban akhir. Dengan menjadikan SP4N-LAPOR! "
            "satu-satunya tempat pelacakan, menetapkan batas waktu per tahap, dan "
            "mengumumkan capaian setiap OPD, pengaduan yang tuntas naik dari 54% "
            "menjadi 88%."
        ),
        "situation": """
            Warga mengadu lewat SP4N-LAPOR!, media sosial, surat, telepon, atau datang
            langsung. Setiap pintu dicatat di tempat berbeda. Ketika pengaduan
            diteruskan ke OPD, sering tidak ada yang memastikan jawabannya kembali
            kepada warga.

            Rata-rata penyelesaian **19 hari**, dan hanya 54% pengaduan yang benar-benar
            tuntas dengan jawaban akhir.
        """,
        "action": """
            Materi Pelatihan Pengelolaan Pengaduan Masyarakat tentang alur dan batas
            waktu langsung kami terapkan:

            - semua pengaduan, dari pintu mana pun, **dicatat di SP4N-LAPOR!** agar bisa
              dilacak;
            - setiap tahap punya batas waktu: diverifikasi 1 hari, diteruskan 1 hari,
              dijawab OPD 5 hari kerja;
            - jawaban dianggap tuntas bila menjelaskan tindakan yang dilakukan, bukan
              sekadar "sudah diteruskan";
            - capaian setiap OPD dibagikan dalam rapat pimpinan setiap bulan.
        """,
        "result": """
            Setelah enam bulan, pengaduan yang tuntas naik dari **54% menjadi 88%**, dan
            rata-rata penyelesaian turun dari 19 menjadi 6 hari. OPD yang semula paling
            lambat kini masuk lima besar, setelah pimpinannya melihat angka itu di
            rapat.
        """,
        "lessons": """
            Angka yang dibagikan di rapat pimpinan lebih ampuh daripada surat edaran.
            Definisi "tuntas" harus disepakati sejak awal; tanpa itu, setiap OPD
            menganggap pengaduannya sudah selesai.
        """,
        "tags": ["pengaduan", "SP4N-LAPOR!", "koordinasi", "pelayanan publik"],
        "metric": ("Pengaduan yang tuntas", "54", "88", "%"),
    },
    {
        "key": "demo:34",
        "author": "budi.santoso@medan.go.id",
        "program": "Pelatihan Pengelolaan Pengaduan Masyarakat",
        "published_at": "2025-12-30T08:30",
        "title": "Aduan kebisingan malam ditindaklanjuti dalam 24 jam",
        "summary": (
            "Aduan kebisingan dari kafe dan hiburan malam dulu baru ditindaklanjuti "
            "berhari-hari kemudian, ketika sumber suaranya sudah tidak ada. Regu piket "
            "malam, formulir aduan yang meminta rekaman singkat, dan kabar balik "
            "kepada pengadu memangkas waktu tindak lanjut dari lima hari menjadi "
            "kurang dari 24 jam."
        ),
        "situation": """
            Setiap bulan kami menerima puluhan aduan kebisingan: musik keras dari kafe,
            hajatan sampai larut malam, bengkel yang bekerja tengah malam. Aduan masuk
            pada malam hari, tetapi baru diproses pada jam kerja dan ditindaklanjuti
            rata-rata **lima hari** kemudian.

            Ketika petugas datang siang hari, semuanya tampak tenang. Pengadu merasa
            diabaikan, dan pemilik usaha merasa dituduh tanpa bukti.
        """,
        "action": """
            Dari Pelatihan Pengelolaan Pengaduan Masyarakat saya belajar memilah aduan
            menurut kapan masalahnya terjadi.

            - Dibentuk **regu piket malam** yang bergiliran hingga pukul 01.00 di akhir
              pekan.
            - Formulir aduan meminta lokasi, jam, dan bila memungkinkan **rekaman suara
              15 detik**.
            - Kunjungan pertama bersifat teguran lisan dan dicatat; pelanggaran berulang
              baru diproses sesuai peraturan daerah.
            - Pengadu selalu menerima kabar balik tentang apa yang dilakukan.
        """,
        "result": """
            Waktu tindak lanjut turun dari **lima hari menjadi kurang dari 24 jam**,
            sebagian besar pada malam yang sama. Dari 43 lokasi yang ditegur, hanya 6
            yang diadukan lagi dalam tiga bulan.
        """,
        "lessons": """
            Menindaklanjuti aduan pada waktu yang salah sama saja dengan tidak
            menindaklanjuti. Kabar balik kepada pengadu membuat mereka lebih sabar,
            bahkan ketika masalahnya belum sepenuhnya selesai.
        """,
        "tags": ["pengaduan", "ketertiban umum", "kebisingan", "Satpol PP"],
        "metric": ("Waktu tindak lanjut aduan kebisingan", "5", "1", "hari"),
    },
    {
        "key": "demo:d1",
        "draft": True,
        "author": "kevin.wijaya@medan.go.id",
        "program": "Workshop Pelayanan Prima",
        "created_at": "2026-05-06T16:20",
        "title": "Belajar dari aplikasi antrean daring yang sepi pengguna",
        "summary": (
            "Catatan tentang aplikasi antrean yang kami luncurkan tanpa bertanya dulu "
            "kepada wajib pajak. Masih saya lengkapi."
        ),
        "situation": """
            Tahun lalu kami meluncurkan aplikasi antrean daring untuk layanan PBB. Dalam
            tiga bulan hanya sekitar 6% wajib pajak yang memakainya. Sebagian besar
            tetap datang langsung dan mengambil nomor di mesin.
        """,
        "action": """
            Kami mewawancarai 40 wajib pajak di ruang tunggu. (Catatan: rangkum hasil
            wawancara di sini.)
        """,
        "tags": ["digitalisasi", "antrean", "pelayanan prima"],
    },
    {
        "key": "demo:d2",
        "draft": True,
        "author": "siska.tarigan@medan.go.id",
        "program": "Pelatihan Komunikasi Efektif",
        "created_at": "2026-05-12T21:05",
        "title": "Serah terima pasien antarsif dengan format SBAR",
        "summary": (
            "Draf: bagaimana format SBAR membuat serah terima pasien antarsif lebih "
            "singkat dan lebih sedikit informasi yang tercecer."
        ),
        "situation": """
            Serah terima antarsif di ruang rawat jalan dan observasi sering berlangsung
            lebih dari 30 menit, dan informasi penting tentang pasien tercecer di antara
            cerita yang panjang.
        """,
        "action": """
            Kami mencoba format SBAR: *Situation, Background, Assessment,
            Recommendation*. Setiap perawat menyampaikan satu pasien dalam paling lama
            dua menit.
        """,
        "result": """
            Masih dihitung. Data dua bulan pertama akan saya tambahkan.
        """,
        "tags": ["komunikasi", "keselamatan pasien", "rumah sakit"],
    },
    {
        "key": "demo:d3",
        "draft": True,
        "author": "lestari.simanjuntak@medan.go.id",
        "program": "Pelatihan Analisis Data untuk Perencanaan",
        "created_at": "2026-04-22T19:40",
        "title": "Rapor pendidikan sebagai bahan diskusi dengan kepala sekolah",
        "summary": (
            "Rencana tulisan tentang memakai data rapor pendidikan dalam pertemuan "
            "bulanan kepala sekolah."
        ),
        "situation": """
            Rapor pendidikan setiap sekolah sudah tersedia, tetapi jarang dibuka kecuali
            menjelang akreditasi.
        """,
        "tags": ["pendidikan", "data", "supervisi"],
    },
]

# Replies come `after_hours` after their parent; comments after publication.
COMMENTS = [
    {
        "case": "demo:1",
        "author": "fransiskus.sinaga@medan.go.id",
        "after_hours": 20,
        "body": (
            "Terima kasih, Bu Sri. Dari sisi BPBD, rapat pagi 15 menit itu sangat "
            "membantu kami menentukan ke posko mana truk air dikirim lebih dulu. Boleh "
            "dibagikan format lembar data bersamanya?"
        ),
        "replies": [
            {
                "author": "sri.nasution@medan.go.id",
                "after_hours": 3,
                "body": """
                    Tentu, Pak Frans. Kolomnya sederhana:

                    - tanggal dan jam
                    - posko dan jumlah pengungsi
                    - kasus baru (dewasa/balita) dan rujukan
                    - kebutuhan mendesak

                    Templatnya saya kirim lewat email dinas hari ini.
                """,
            },
        ],
    },
    {
        "case": "demo:1",
        "author": "rahmat.pulungan@medan.go.id",
        "after_hours": 46,
        "body": (
            "Pola rapat pagi dan lembar data bersama ini akan kami masukkan ke rencana "
            "kontingensi banjir Dinas Kesehatan tahun ini. Terima kasih atas "
            "inisiatifnya, Bu Sri."
        ),
    },
    {
        "case": "demo:1",
        "author": "dewi.harahap@medan.go.id",
        "after_hours": 70,
        "body": (
            "Contoh yang sangat baik untuk angkatan berikutnya Pelatihan Manajemen "
            "Krisis. Apakah Ibu bersedia berbagi pengalaman ini sebagai narasumber di "
            "sesi studi kasus?"
        ),
        "replies": [
            {
                "author": "sri.nasution@medan.go.id",
                "after_hours": 20,
                "body": (
                    "Bersedia, Bu Dewi. Silakan kabari jadwalnya; saya ajak juga "
                    "Kepala Puskesmas Medan Johor supaya ceritanya lengkap dari sisi "
                    "lapangan."
                ),
            },
        ],
    },
    {
        "case": "demo:6",
        "author": "wulan.purba@medan.go.id",
        "after_hours": 30,
        "body": (
            "Di kecamatan kami masih memakai nomor antrean kertas. Bagaimana dengan "
            "warga yang tidak punya WhatsApp, Pak? Apakah mereka tidak tersisih?"
        ),
        "replies": [
            {
                "author": "hendra.sitepu@medan.go.id",
                "after_hours": 4,
                "body": (
                    "Itu sebabnya kami menyisakan 20% slot untuk warga yang datang "
                    "langsung, Bu. Petugas di meja depan juga bisa memesankan slot "
                    "untuk hari lain. Dalam praktiknya yang datang langsung kebanyakan "
                    "lansia, dan mereka kami dahulukan."
                ),
            },
        ],
    },
    {
        "case": "demo:7",
        "author": "maya.ginting@medan.go.id",
        "after_hours": 52,
        "body": (
            "Peran penjaga waktu itu menarik. Apakah pimpinan juga disela kalau "
            "melewati waktu? Di tempat kami itu yang paling sulit."
        ),
        "replies": [
            {
                "author": "irwan.tanjung@medan.go.id",
                "after_hours": 6,
                "body": (
                    "Awalnya canggung, Bu. Tapi Kabid kami sendiri yang minta "
                    "diingatkan pada rapat pertama, jadi sejak itu semua orang merasa "
                    "boleh. Kalau pimpinan belum siap, mungkin bisa dimulai dari rapat "
                    "yang tidak dipimpin beliau."
                ),
            },
        ],
    },
    {
        "case": "demo:13",
        "author": "rina.marpaung@medan.go.id",
        "after_hours": 26,
        "body": (
            "Pendekatan seperti ini perlu ditiru kecamatan lain. Berapa lama sampai "
            "pedagang setuju pindah, Pak?"
        ),
        "replies": [
            {
                "author": "budi.santoso@medan.go.id",
                "after_hours": 9,
                "body": (
                    "Sekitar lima minggu, Bu, dengan tiga kali pertemuan besar dan "
                    "banyak obrolan kecil di lokasi. Yang paling menentukan adalah "
                    "lahan pengganti. Tanpa itu, pertemuan berapa kali pun tidak akan "
                    "berhasil."
                ),
            },
        ],
    },
    {
        "case": "demo:4",
        "author": "sri.nasution@medan.go.id",
        "after_hours": 40,
        "body": (
            "Peta kasus harian seperti ini juga kami pakai di tingkat dinas. Bu Ros, "
            "boleh kami jadikan contoh untuk puskesmas lain menjelang musim hujan?"
        ),
    },
    {
        "case": "demo:23",
        "author": "hendra.sitepu@medan.go.id",
        "after_hours": 18,
        "body": (
            "Pengalaman kami di Disdukcapil mirip sekali: pendaftaran sehari "
            "sebelumnya membuat lobi jauh lebih lengang. Satu saran, **batasi jumlah "
            "slot per jam** sejak awal; kami sempat kebanjiran pendaftar di jam-jam "
            "pagi."
        ),
    },
    {
        "case": "demo:28",
        "author": "putri.lubis@medan.go.id",
        "after_hours": 33,
        "body": (
            "Andai program mentoring ini sudah ada waktu saya masuk sebagai CPNS. "
            "Apakah OPD lain bisa meminta pembekalan untuk mentornya?"
        ),
        "replies": [
            {
                "author": "dewi.harahap@medan.go.id",
                "after_hours": 22,
                "body": (
                    "Bisa, Dik Putri. Tahun ini kami buka dua angkatan pembekalan "
                    "mentor untuk OPD yang menerima CPNS. Informasinya akan diumumkan "
                    "lewat surat edaran BKPSDM."
                ),
            },
        ],
    },
    {
        "case": "demo:33",
        "author": "teguh.prasetyo@medan.go.id",
        "after_hours": 12,
        "body": (
            "Catatan teknis: tautan dari formulir pengaduan di situs OPD sekarang "
            "langsung diarahkan ke SP4N-LAPOR!, jadi tidak ada lagi formulir yang "
            "tercecer di kotak surat masing-masing."
        ),
    },
    {
        "case": "demo:19",
        "author": "yusuf.batubara@medan.go.id",
        "after_hours": 60,
        "body": (
            "Kebiasaan memanggil nama sambil menyebut jenis pemeriksaan juga masih "
            "terjadi di rumah sakit. Tulisan ini akan saya bawa ke rapat komite etik "
            "kami."
        ),
    },
]

# Moderation and curation (issue 4). The moderator who decides in the demo:
MODERATOR_EMAIL = "agus.rangkuti@medan.go.id"

# Praktik unggulan: (case, featured at (WIB), the curator's note). Their
# authors' completions of the programme are verified, as featuring requires.
FEATURED = [
    (
        "demo:1",
        "2026-01-26T09:00",
        """
        Contoh utuh manajemen krisis di lapangan: satu rapat pagi, satu lembar data,
        dan peran yang jelas untuk puskesmas, BPBD, kelurahan, dan PDAM. Hasilnya
        terukur (kasus baru turun dari 19 menjadi 2 per hari) dan pelajarannya
        dapat dipakai unit mana pun yang menghadapi keadaan darurat.
        """,
    ),
    (
        "demo:6",
        "2025-11-10T10:00",
        """
        Perbaikan layanan yang sederhana, murah, dan dirasakan langsung oleh warga.
        Penulis mengukur waktu tunggu sebelum dan sesudah, dan tetap menyisakan slot
        bagi warga yang datang langsung agar tidak ada yang tersisih.
        """,
    ),
    (
        "demo:19",
        "2025-09-15T14:00",
        """
        Menunjukkan bahwa etika pelayanan publik hadir dalam kebiasaan kecil:
        memanggil pasien dengan nomor melindungi data pribadi tanpa biaya
        tambahan. Mudah ditiru di loket mana pun.
        """,
    ),
    (
        "demo:13",
        "2025-12-08T11:00",
        """
        Dialog yang sabar menggantikan penertiban paksa. Studi kasus ini jujur
        tentang lamanya proses dan tentang syarat keberhasilannya, yaitu lahan
        pengganti, sehingga kecamatan lain dapat menilai kesiapannya sendiri.
        """,
    ),
]

# Comments moderators had to look at: reported by `flags` (reporter, reason,
# note); `hidden` is the reason a moderator gave when hiding it.
MODERATED_COMMENTS = [
    {
        "case": "demo:6",
        "author": "wulan.purba@medan.go.id",
        "after_hours": 50,
        "body": (
            "Pak Hendra, tolong bantu ibu saya, Rosnah br Sitorus, NIK "
            "1271014507580002, KTP-elnya belum jadi sejak Maret. Nomor HP beliau "
            "0812-6000-1234."
        ),
        "flags": [
            (
                "hendra.sitepu@medan.go.id",
                "personal_data",
                "Ada NIK dan nomor HP warga di komentar ini.",
            ),
            ("dedi.hasibuan@medan.go.id", "personal_data", ""),
        ],
        "hidden": (
            "Komentar ini memuat data pribadi warga (NIK dan nomor telepon). "
            "Silakan sampaikan permintaan seperti ini lewat kanal pengaduan "
            "Disdukcapil, bukan di kolom komentar."
        ),
    },
    {
        "case": "demo:7",
        "author": "kevin.wijaya@medan.go.id",
        "after_hours": 80,
        "body": (
            "Ikut berbagi info: ada kelas daring berbayar tentang rapat efektif, "
            "bersertifikat, pendaftarannya lewat tautan di profil saya."
        ),
        "flags": [
            (
                "irwan.tanjung@medan.go.id",
                "spam",
                "Promosi kelas berbayar, tidak membahas isi studi kasus.",
            ),
            ("maya.ginting@medan.go.id", "other", ""),
        ],
    },
]

# Open reports on case studies, waiting in the queue: (case, reporter, reason, note).
CASE_STUDY_FLAGS = [
    (
        "demo:14",
        "maya.ginting@medan.go.id",
        "inaccurate",
        "Angka penurunan keluhan di bagian hasil tidak menyebut sumber datanya.",
    ),
    (
        "demo:25",
        "hendra.sitepu@medan.go.id",
        "other",
        "Sepertinya jadwal per jam ini sudah diubah lagi tahun ini; mohon dicek.",
    ),
]

"""The 2021 Banjarmasin event, exactly as the news report gives it (shared/seed/README.md).

Nothing here is invented: short names, parents and accounts appear only where the report names
them, and the second holder of the Instagram/SKPD 3rd place, whom the report leaves unnamed, is
recorded as a note on the event instead of as a place.
"""

import datetime

SKPD = "skpd"
KELURAHAN = "kelurahan"

# (name, kind, short name, parent name)
OFFICES = [
    ("Sekretariat Daerah", SKPD, "", None),
    ("Bagian Protokol dan Komunikasi Pimpinan", SKPD, "Prokompim", "Sekretariat Daerah"),
    ("Dinas Komunikasi, Informatika dan Statistik", SKPD, "", None),
    ("Dinas Kependudukan dan Pencatatan Sipil", SKPD, "", None),
    ("Dinas Kesehatan", SKPD, "", None),
    ("Dinas Kebudayaan dan Pariwisata", SKPD, "", None),
    ("Pelambuan", KELURAHAN, "", None),
    ("Pekapuran Raya", KELURAHAN, "", None),
    ("Basirih Selatan", KELURAHAN, "", None),
    ("Belitung Utara", KELURAHAN, "", None),
    ("Banua Anyar", KELURAHAN, "", None),
    ("Sungai Lulut", KELURAHAN, "", None),
    ("Kelayan Barat", KELURAHAN, "", None),
    ("Belitung Selatan", KELURAHAN, "", None),
    ("Sungai Baru", KELURAHAN, "", None),
]

EVENT = {
    "slug": "evaluasi-smart-city-2021",
    "title": "Evaluasi Smart City Kota Banjarmasin 2021",
    "year": 2021,
    "held_on": datetime.date(2021, 11, 2),
    "venue": "Aula Kayuh Baimbai",
    "city": "Banjarmasin",
    "description": (
        "Penghargaan keaktifan pengelolaan website dan media sosial (Instagram dan Facebook) "
        "bagi SKPD dan kelurahan, diserahkan dalam Rapat Koordinasi Evaluasi Smart City Kota "
        "Banjarmasin, untuk menghargai perangkat daerah yang memanfaatkan data dan media sosial "
        "dalam penyebaran informasi pembangunan. Sumber: dokpim-bjm."
    ),
    "notes": (
        "Instagram, kategori SKPD: laporan menyebut dua peringkat terbaik ketiga. Yang pertama "
        "adalah Dinas Kebudayaan dan Pariwisata; penerima yang kedua tidak disebutkan namanya "
        "dalam laporan, sehingga tidak dicatat sebagai pemenang."
    ),
}

# (name, title) in the order the report gives them.
SIGNATORIES = [
    ("H. Ibnu Sina", "Walikota Banjarmasin"),
    ("H. Arifin Noor", "Wakil Walikota Banjarmasin"),
    ("Sugito Said", "Plh. Sekretaris Daerah Kota Banjarmasin"),
]

# The awards of the event, one per channel the report judges: (channel code, title). Each has the
# categories below, of three places each.
AWARDS = [
    ("website", "Terbaik Pengelolaan Website"),
    ("instagram", "Terbaik Pengelolaan Instagram"),
    ("facebook", "Terbaik Pengelolaan Facebook"),
]

# (kind, title) of each award's categories, in the order the report gives them.
CATEGORIES = [(SKPD, "SKPD"), (KELURAHAN, "Kelurahan")]
PLACES_PER_CATEGORY = 3

# (channel code, kind, position, office name, shared)
PLACES = [
    ("website", SKPD, 1, "Bagian Protokol dan Komunikasi Pimpinan", False),
    ("website", SKPD, 2, "Dinas Komunikasi, Informatika dan Statistik", False),
    ("website", SKPD, 3, "Dinas Kependudukan dan Pencatatan Sipil", False),
    ("website", KELURAHAN, 1, "Pelambuan", False),
    ("website", KELURAHAN, 2, "Pekapuran Raya", False),
    ("website", KELURAHAN, 3, "Basirih Selatan", False),
    ("instagram", SKPD, 1, "Dinas Kesehatan", False),
    ("instagram", SKPD, 2, "Bagian Protokol dan Komunikasi Pimpinan", False),
    # Shared: the report names a second 3rd place without its holder (see EVENT["notes"]).
    ("instagram", SKPD, 3, "Dinas Kebudayaan dan Pariwisata", True),
    ("instagram", KELURAHAN, 1, "Belitung Utara", False),
    ("instagram", KELURAHAN, 2, "Banua Anyar", False),
    ("instagram", KELURAHAN, 3, "Sungai Lulut", False),
    ("facebook", SKPD, 1, "Bagian Protokol dan Komunikasi Pimpinan", False),
    ("facebook", SKPD, 2, "Dinas Kesehatan", False),
    ("facebook", SKPD, 3, "Dinas Komunikasi, Informatika dan Statistik", False),
    ("facebook", KELURAHAN, 1, "Kelayan Barat", False),
    ("facebook", KELURAHAN, 2, "Belitung Selatan", False),
    ("facebook", KELURAHAN, 3, "Sungai Baru", False),
]

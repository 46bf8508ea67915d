import pytest
from django.core.management import call_command

from awards.models import Award, Category, EvaluationEvent, EventStatus, Ranking
from offices.models import Office

pytestmark = pytest.mark.django_db

SEED_TABLE = [
    ("website", "skpd", 1, "Bagian Protokol dan Komunikasi Pimpinan", False),
    ("website", "skpd", 2, "Dinas Komunikasi, Informatika dan Statistik", False),
    ("website", "skpd", 3, "Dinas Kependudukan dan Pencatatan Sipil", False),
    ("website", "kelurahan", 1, "Kelurahan Pelambuan", False),
    ("website", "kelurahan", 2, "Kelurahan Pekapuran Raya", False),
    ("website", "kelurahan", 3, "Kelurahan Basirih Selatan", False),
    ("instagram", "skpd", 1, "Dinas Kesehatan", False),
    ("instagram", "skpd", 2, "Bagian Protokol dan Komunikasi Pimpinan", False),
    ("instagram", "skpd", 3, "Dinas Kebudayaan dan Pariwisata", True),
    ("instagram", "kelurahan", 1, "Kelurahan Belitung Utara", False),
    ("instagram", "kelurahan", 2, "Kelurahan Banua Anyar", False),
    ("instagram", "kelurahan", 3, "Kelurahan Sungai Lulut", False),
    ("facebook", "skpd", 1, "Bagian Protokol dan Komunikasi Pimpinan", False),
    ("facebook", "skpd", 2, "Dinas Kesehatan", False),
    ("facebook", "skpd", 3, "Dinas Komunikasi, Informatika dan Statistik", False),
    ("facebook", "kelurahan", 1, "Kelurahan Kelayan Barat", False),
    ("facebook", "kelurahan", 2, "Kelurahan Belitung Selatan", False),
    ("facebook", "kelurahan", 3, "Kelurahan Sungai Baru", False),
]


def _table():
    rankings = Ranking.objects.select_related("category__award__channel", "office__kind").in_display_order()
    return [
        (r.category.award.channel.code, r.office.kind_id, r.position, r.office.display_name, r.is_shared)
        for r in rankings
    ]


def test_load_demo_gives_three_awards_of_two_categories_of_three_places():
    call_command("load_demo")

    event = EvaluationEvent.objects.get()
    assert [
        (
            a.title,
            a.channel.code,
            [(c.title, c.places, c.mentions, [k.code for k in c.kinds.all()]) for c in a.categories.all()],
        )
        for a in event.awards.select_related("channel").prefetch_related("categories__kinds")
    ] == [
        (title, code, [("SKPD", 3, 0, ["skpd"]), ("Kelurahan", 3, 0, ["kelurahan"])])
        for code, title in [
            ("website", "Terbaik Pengelolaan Website"),
            ("instagram", "Terbaik Pengelolaan Instagram"),
            ("facebook", "Terbaik Pengelolaan Facebook"),
        ]
    ]


def test_load_demo_reproduces_seed_table():
    call_command("load_demo")

    event = EvaluationEvent.objects.get()
    assert _table() == SEED_TABLE
    assert (event.title, event.held_on.isoformat(), event.venue, event.city, event.status) == (
        "Evaluasi Smart City Kota Banjarmasin 2021",
        "2021-11-02",
        "Aula Kayuh Baimbai",
        "Banjarmasin",
        EventStatus.PUBLISHED,
    )
    assert list(event.signatories.values_list("name", "title")) == [
        ("H. Ibnu Sina", "Walikota Banjarmasin"),
        ("H. Arifin Noor", "Wakil Walikota Banjarmasin"),
        ("Sugito Said", "Plh. Sekretaris Daerah Kota Banjarmasin"),
    ]
    assert "tidak disebutkan namanya" in event.notes


def test_load_demo_places_prokompim_under_sekretariat_daerah():
    call_command("load_demo")

    prokompim = Office.objects.get(short_name="Prokompim")
    assert (prokompim.name, prokompim.kind_id, prokompim.parent.name) == (
        "Bagian Protokol dan Komunikasi Pimpinan",
        "skpd",
        "Sekretariat Daerah",
    )
    assert sorted(prokompim.rankings.values_list("award__channel__code", "position")) == [
        ("facebook", 1),
        ("instagram", 2),
        ("website", 1),
    ]


def test_load_demo_offices_with_kinds():
    call_command("load_demo")

    assert sorted(Office.objects.values_list("kind_id", flat=True)).count("kelurahan") == 9
    assert Office.objects.filter(kind="skpd").count() == 6


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    before = (
        list(Office.objects.values_list("pk", "name", "updated_at")),
        list(Ranking.objects.values_list("pk", "position", "updated_at")),
        list(EvaluationEvent.objects.values_list("pk", "status", "published_at", "updated_at")),
        list(Award.objects.values_list("pk", "title", "updated_at")),
        list(Category.objects.values_list("pk", "title", "updated_at")),
    )

    call_command("load_demo")

    after = (
        list(Office.objects.values_list("pk", "name", "updated_at")),
        list(Ranking.objects.values_list("pk", "position", "updated_at")),
        list(EvaluationEvent.objects.values_list("pk", "status", "published_at", "updated_at")),
        list(Award.objects.values_list("pk", "title", "updated_at")),
        list(Category.objects.values_list("pk", "title", "updated_at")),
    )
    assert after == before

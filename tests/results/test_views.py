import html5lib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from offices.models import Channel, Office, OfficeAccount
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory, RankingFactory
from tests.helpers import DEMO_SLUG, PROKOMPIM_SLUG, main_part

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "id", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def sections_table(response) -> list:
    """(channel code, category title, [(title, office)]) per category of the page, in order."""
    return [
        (
            section.channel.code if section.channel else None,
            item.category.title,
            [(p.title, p.office.display_name) for p in item.places],
        )
        for section in response.context["sections"]
        for item in section.categories
    ]


SEED_SECTIONS_ID = [
    (
        "website",
        "SKPD",
        [
            ("Terbaik Pertama", "Bagian Protokol dan Komunikasi Pimpinan"),
            ("Terbaik Kedua", "Dinas Komunikasi, Informatika dan Statistik"),
            ("Terbaik Ketiga", "Dinas Kependudukan dan Pencatatan Sipil"),
        ],
    ),
    (
        "website",
        "Kelurahan",
        [
            ("Terbaik Pertama", "Kelurahan Pelambuan"),
            ("Terbaik Kedua", "Kelurahan Pekapuran Raya"),
            ("Terbaik Ketiga", "Kelurahan Basirih Selatan"),
        ],
    ),
    (
        "instagram",
        "SKPD",
        [
            ("Terbaik Pertama", "Dinas Kesehatan"),
            ("Terbaik Kedua", "Bagian Protokol dan Komunikasi Pimpinan"),
            ("Terbaik Ketiga (bersama)", "Dinas Kebudayaan dan Pariwisata"),
        ],
    ),
    (
        "instagram",
        "Kelurahan",
        [
            ("Terbaik Pertama", "Kelurahan Belitung Utara"),
            ("Terbaik Kedua", "Kelurahan Banua Anyar"),
            ("Terbaik Ketiga", "Kelurahan Sungai Lulut"),
        ],
    ),
    (
        "facebook",
        "SKPD",
        [
            ("Terbaik Pertama", "Bagian Protokol dan Komunikasi Pimpinan"),
            ("Terbaik Kedua", "Dinas Kesehatan"),
            ("Terbaik Ketiga", "Dinas Komunikasi, Informatika dan Statistik"),
        ],
    ),
    (
        "facebook",
        "Kelurahan",
        [
            ("Terbaik Pertama", "Kelurahan Kelayan Barat"),
            ("Terbaik Kedua", "Kelurahan Belitung Selatan"),
            ("Terbaik Ketiga", "Kelurahan Sungai Baru"),
        ],
    ),
]


def test_event_page_shows_seed_results_in_order_in_indonesian(client, demo):
    response = client.get(url("results:event-detail", slug=DEMO_SLUG))

    assert response.status_code == 200
    assert sections_table(response) == SEED_SECTIONS_ID
    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "<title>Evaluasi Smart City Kota Banjarmasin 2021 — Penghargaan Smart City</title>" in content
    assert "Terbaik Pengelolaan Website" in content
    assert "Selasa, 2 November 2021" in content
    assert "Aula Kayuh Baimbai" in content
    assert "H. Ibnu Sina, Walikota Banjarmasin" in content
    # The unnamed second 3rd place is told in the notes, never given a name.
    assert "penerima yang kedua tidak disebutkan namanya" in content
    assert "DRAF" not in content


def test_event_page_in_english(client, demo):
    response = client.get(url("results:event-detail", lang="en", slug=DEMO_SLUG))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content
    # The award's title and the places' words are the event's own (data), in either language.
    assert '<h2 id="award-' in content and ">Terbaik Pengelolaan Website</h2>" in content
    assert "Best Website management" not in content
    assert "Terbaik Ketiga (bersama)" in content
    assert "Category SKPD" in content
    assert "Tuesday, 2 November 2021" in content
    assert (
        '<a href="/events/evaluasi-smart-city-2021/" hreflang="id" lang="id">Bahasa Indonesia</a>' in content
    )


def test_event_page_links_office_account_on_that_channel(client, demo):
    prokompim = Office.objects.get(slug=PROKOMPIM_SLUG)
    OfficeAccount.objects.create(
        office=prokompim, channel=Channel.objects.get(code="instagram"), handle="@prokompimbjm"
    )
    event_publish(event=demo, reason="Akun Instagram Prokompim ditambahkan")

    response = client.get(url("results:event-detail", slug=DEMO_SLUG))

    accounts = [
        (section.channel.code, p.office.slug, p.account_url)
        for section in response.context["sections"]
        for item in section.categories
        for p in item.places
        if p.office.slug == PROKOMPIM_SLUG
    ]
    assert accounts == [
        ("website", PROKOMPIM_SLUG, ""),
        ("instagram", PROKOMPIM_SLUG, "https://www.instagram.com/prokompimbjm/"),
        ("facebook", PROKOMPIM_SLUG, ""),
    ]
    assert 'href="https://www.instagram.com/prokompimbjm/"' in response.content.decode()


def test_event_page_open_graph_tags(client, demo):
    response = client.get(url("results:event-detail", lang="en", slug=DEMO_SLUG))

    content = response.content.decode()
    assert '<meta property="og:title" content="Evaluasi Smart City Kota Banjarmasin 2021">' in content
    assert (
        '<meta property="og:url" content="http://testserver/en/events/evaluasi-smart-city-2021/">' in content
    )
    assert '<meta property="og:locale" content="en_US">' in content


def test_draft_event_is_not_found_for_public(client):
    event = EventFactory(slug="draf-2022")

    response = client.get(url("results:event-detail", slug=event.slug))

    assert response.status_code == 404


def test_draft_event_shows_banner_to_committee(committee_client):
    event = EventFactory(slug="draf-2022", title="Evaluasi 2022")
    RankingFactory(event=event, office=OfficeFactory(name="Dinas Kesehatan"), position=1)

    response = committee_client.get(url("results:event-detail", slug=event.slug))

    assert response.status_code == 200
    assert "<strong>DRAF</strong>" in response.content.decode()
    assert sections_table(response) == [("website", "SKPD", [("Terbaik Pertama", "Dinas Kesehatan")])]


def test_committee_preview_of_draft_is_never_served_to_public(committee_client, committee_member):
    event = EventFactory(slug="draf-2022")
    committee_client.get(url("results:event-detail", slug=event.slug))

    response = Client().get(url("results:event-detail", slug=event.slug))

    assert response.status_code == 404


def test_home_shows_latest_published_event_and_all_by_year(client, demo):
    older = EventFactory(slug="evaluasi-2020", title="Evaluasi 2020", year=2020, held_on="2020-11-03")
    event_publish(event=older)
    EventFactory(slug="draf-2022", title="Draf 2022", year=2022, held_on="2022-11-01")

    response = client.get(url("results:home"))

    assert response.status_code == 200
    assert response.context["latest"].slug == DEMO_SLUG
    assert [e.slug for e in response.context["events"]] == [DEMO_SLUG, "evaluasi-2020"]
    assert sections_table(response) == SEED_SECTIONS_ID
    assert "Draf 2022" not in response.content.decode()


def test_home_without_published_events(client, db):
    EventFactory(slug="draf-2022", title="Draf 2022")

    response = client.get(url("results:home"))

    assert response.status_code == 200
    assert response.context["latest"] is None
    assert "Belum ada hasil yang diumumkan." in response.content.decode()


def test_office_page_lists_places_newest_first_with_medal_count(client, demo):
    prokompim = Office.objects.get(slug=PROKOMPIM_SLUG)
    newer = EventFactory(slug="evaluasi-2022", title="Evaluasi 2022", year=2022, held_on="2022-11-01")
    RankingFactory(event=newer, office=prokompim, position=3)
    event_publish(event=newer)
    draft = EventFactory(slug="draf-2023", title="Draf 2023", year=2023, held_on="2023-11-01")
    RankingFactory(event=draft, office=prokompim, position=1)

    response = client.get(url("results:office-detail", slug=PROKOMPIM_SLUG))

    assert response.status_code == 200
    assert [
        (p.version.event.slug, p.category.award.channel_code, p.position) for p in response.context["places"]
    ] == [
        ("evaluasi-2022", "website", 3),
        (DEMO_SLUG, "website", 1),
        (DEMO_SLUG, "instagram", 2),
        (DEMO_SLUG, "facebook", 1),
    ]
    medals = response.context["medals"]
    assert (medals.first, medals.second, medals.third, medals.other) == (2, 1, 1, 0)
    content = response.content.decode()
    assert "Draf 2023" not in content
    assert "Bagian dari" in content


def test_office_page_shows_published_places_only_even_to_committee(committee_client, demo):
    # The office page is a record of published results: a draft's places (the committee
    # previews those on the event's page) never show on it, for anyone.
    prokompim = Office.objects.get(slug=PROKOMPIM_SLUG)
    draft = EventFactory(slug="draf-2023", title="Draf 2023", year=2023, held_on="2023-11-01")
    RankingFactory(event=draft, office=prokompim, position=1)

    response = committee_client.get(url("results:office-detail", slug=PROKOMPIM_SLUG))

    assert [p.version.event.slug for p in response.context["places"]] == [
        DEMO_SLUG,
        DEMO_SLUG,
        DEMO_SLUG,
    ]
    assert "Draf 2023" not in response.content.decode()


def test_office_page_unknown_slug_is_404(client, db):
    assert client.get(url("results:office-detail", slug="tidak-ada")).status_code == 404


def test_office_list_searches_name_and_short_name_and_filters_kind(client, demo):
    by_short = client.get(url("offices:office-list"), {"q": "prokompim"})
    by_name = client.get(url("offices:office-list"), {"q": "belitung"})
    kelurahan = client.get(url("offices:office-list"), {"kind": "kelurahan", "q": "sungai"})
    skpd = client.get(url("offices:office-list"), {"kind": "skpd"})

    assert [o.slug for o in by_short.context["offices"]] == [PROKOMPIM_SLUG]
    assert [o.display_name for o in by_name.context["offices"]] == [
        "Kelurahan Belitung Selatan",
        "Kelurahan Belitung Utara",
    ]
    assert [o.display_name for o in kelurahan.context["offices"]] == [
        "Kelurahan Sungai Baru",
        "Kelurahan Sungai Lulut",
    ]
    assert [o.name for o in skpd.context["offices"]] == [
        "Bagian Protokol dan Komunikasi Pimpinan",
        "Dinas Kebudayaan dan Pariwisata",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Kesehatan",
        "Dinas Komunikasi, Informatika dan Statistik",
        "Sekretariat Daerah",
    ]


def test_office_list_ignores_unknown_kind(client, demo):
    response = client.get(url("offices:office-list"), {"kind": "bogus"})

    assert response.context["kind"] == ""
    assert len(response.context["offices"]) == 15


def test_channel_table_orders_offices_like_a_medal_table(client, demo):
    # A second published event: Dinas Kesehatan gets a 1st place on Facebook, Diskominfotik a 2nd.
    event = EventFactory(slug="evaluasi-2022", year=2022, held_on="2022-11-01")
    facebook = Channel.objects.get(code="facebook")
    RankingFactory(
        event=event, channel=facebook, office=Office.objects.get(name="Dinas Kesehatan"), position=1
    )
    RankingFactory(
        event=event,
        channel=facebook,
        office=Office.objects.get(name="Dinas Komunikasi, Informatika dan Statistik"),
        position=2,
    )
    event_publish(event=event)
    # A draft never counts.
    draft = EventFactory(slug="draf-2023", year=2023, held_on="2023-11-01")
    RankingFactory(event=draft, channel=facebook, office=Office.objects.get(name="Sungai Baru"), position=1)

    response = client.get(url("results:channel-detail", code="facebook"))

    table = [
        (t.kind.code, [(o.display_name, o.first, o.second, o.third, o.places) for o in t.rows])
        for t in response.context["tables"]
    ]
    assert table == [
        (
            "skpd",
            [
                ("Dinas Kesehatan", 1, 1, 0, 2),
                ("Bagian Protokol dan Komunikasi Pimpinan", 1, 0, 0, 1),
                ("Dinas Komunikasi, Informatika dan Statistik", 0, 1, 1, 2),
            ],
        ),
        (
            "kelurahan",
            [
                ("Kelurahan Kelayan Barat", 1, 0, 0, 1),
                ("Kelurahan Belitung Selatan", 0, 1, 0, 1),
                ("Kelurahan Sungai Baru", 0, 0, 1, 1),
            ],
        ),
    ]


def test_channel_unknown_code_is_404(client, db):
    assert client.get(url("results:channel-detail", code="myspace")).status_code == 404


PAGES = [
    ("results:home", {}),
    ("results:event-detail", {"slug": "event"}),
    ("offices:office-list", {}),
    ("results:office-detail", {"slug": "office"}),
    ("results:channel-detail", {"code": "website"}),
]


def page_url(name: str, kwargs: dict, data: dict, lang: str = "id") -> str:
    return url(name, lang, **{k: data.get(v, v) for k, v in kwargs.items()})


# Anonymous: the page's own reads and the government (offices.government: its name heads every
# page drawn; a page served from the cache reads nothing). Committee: + session and user, and + the
# two permission reads on pages that may show drafts. The same literal budget at both data sizes.
# The public reads published versions (results.freezing): the event page its current version
# with its event, and its places (signatories, awards, categories and judging's breakdown are
# frozen in the version); the home page the current versions, the latest one's places, and the
# channels. However many versions an event has.
PUBLIC_BUDGET = {
    "results:home": 4,
    "results:event-detail": 3,
    # The offices and the kinds (the kind filter offers the kinds that are data).
    "offices:office-list": 3,
    # The office, its places, its accounts, its former names.
    "results:office-detail": 5,
    "results:channel-detail": 4,
}
# A signed-in user's pages also load the user's permissions once (two queries: own and group
# permissions), for the navigation’s Judging link; the office and event pages needed them
# already.
# The committee's event page is the live draft (selectors.event_sections, signatories, judging's
# live breakdown) beside the current version and its places, for the differences.
COMMITTEE_BUDGET = {
    "results:home": 8,
    "results:event-detail": 14,
    "offices:office-list": 7,
    "results:office-detail": 9,
    "results:channel-detail": 8,
}


@pytest.mark.parametrize(("name", "kwargs", "queries"), [(n, k, PUBLIC_BUDGET[n]) for n, k in PAGES])
def test_public_page_query_budget(client, django_assert_num_queries, data_size, name, kwargs, queries):
    page = page_url(name, kwargs, data_size)

    with django_assert_num_queries(queries):
        first = client.get(page)
    with django_assert_num_queries(0):
        second = client.get(page)

    assert first.status_code == second.status_code == 200
    assert first.content == second.content


@pytest.mark.parametrize(("name", "kwargs", "queries"), [(n, k, COMMITTEE_BUDGET[n]) for n, k in PAGES])
def test_committee_page_query_budget(
    committee_client, django_assert_num_queries, data_size, name, kwargs, queries
):
    page = page_url(name, kwargs, data_size)

    mains = []
    for _ in range(2):  # never cached for the committee: the same queries every time
        with django_assert_num_queries(queries):
            response = committee_client.get(page)
        assert response.status_code == 200
        mains.append(main_part(response))

    assert mains[0] == mains[1]
    public = main_part(Client().get(page))
    if name == "results:event-detail":
        # The committee previews the live draft (no certificate links: it has no published
        # places); the public reads the published version.
        assert "/certificate.pdf" in public and "/certificate.pdf" not in mains[0]
    else:
        assert mains[0] == public


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_public_page_is_valid_html_with_title_and_description(client, demo, name, kwargs, lang):
    data = {"event": DEMO_SLUG, "office": PROKOMPIM_SLUG}

    response = client.get(page_url(name, kwargs, data, lang))

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(response.content)
    title = document.find("head/title").text
    description = document.find("head/meta[@name='description']").get("content")
    assert ("Penghargaan Smart City" if lang == "id" else "Smart City Awards") in title
    assert len(description) > 50
    assert document.get("lang") == lang


@pytest.mark.django_db
def test_office_page_prints_places_as_published_not_as_edited_since(client):
    office = OfficeFactory()
    event = EventFactory(slug="evaluasi-2024", title="Evaluasi 2024", year=2024, held_on="2024-11-01")
    place = RankingFactory(event=event, office=office, position=2)
    event_publish(event=event)
    award = place.category.award
    printed_title = award.title
    type(award).objects.filter(pk=award.pk).update(title="Judul Baru Setelah Terbit")
    type(event).objects.filter(pk=event.pk).update(title="Evaluasi Berganti Nama")

    response = client.get(url("results:office-detail", slug=office.slug))

    content = response.content.decode()
    assert (response.status_code, printed_title in content, "Evaluasi 2024" in content) == (200, True, True)
    assert ("Judul Baru Setelah Terbit" in content, "Evaluasi Berganti Nama" in content) == (False, False)
    assert [(p.title, p.position) for p in response.context["places"]] == [(place.title, 2)]

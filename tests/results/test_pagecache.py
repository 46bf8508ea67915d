"""The public pages come from the cache, and no one ever sees a stale page."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from awards.models import Ranking, Signatory
from awards.services import event_places_save, ranking_save
from common import pagecache
from offices.models import Channel, Office, OfficeAccount
from results.services import event_publish, event_withdraw
from tests.factories import EventFactory, OfficeFactory, RankingFactory
from tests.helpers import DEMO_SLUG, PROKOMPIM_SLUG

pytestmark = pytest.mark.django_db

EVENT_URL = f"/events/{DEMO_SLUG}/"
OFFICE_URL = f"/offices/{PROKOMPIM_SLUG}/"


def test_second_request_is_served_from_cache(client, demo, django_assert_num_queries):
    client.get(EVENT_URL)

    with django_assert_num_queries(0):
        response = client.get(EVENT_URL)

    assert "Terbaik Pengelolaan Website" in response.content.decode()


def test_languages_are_cached_apart(client, demo):
    client.get(EVENT_URL)
    client.get("/en" + EVENT_URL)

    # The places' words are the event's own in both languages; the page's own words are not.
    assert "Kategori SKPD" in client.get(EVENT_URL).content.decode()
    assert "Category SKPD" in client.get("/en" + EVENT_URL).content.decode()


def test_publish_shows_at_once(client):
    event = EventFactory(slug="evaluasi-2022", title="Evaluasi 2022")
    RankingFactory(event=event, office=OfficeFactory(name="Dinas Kesehatan"), position=1)
    assert client.get("/events/evaluasi-2022/").status_code == 404
    client.get("/")

    event_publish(event=event)

    assert client.get("/events/evaluasi-2022/").status_code == 200
    assert "Evaluasi 2022" in client.get("/").content.decode()


def test_unpublish_hides_at_once(client, demo):
    assert client.get(EVENT_URL).status_code == 200
    assert len(client.get(OFFICE_URL).context["places"]) == 3

    event_withdraw(event=demo, reason="Uji: hasil ditarik")

    # Withdrawn, not unknown: the address says so (410 Gone, with the reason).
    gone = client.get(EVENT_URL)
    assert gone.status_code == 410
    assert "Uji: hasil ditarik" in gone.content.decode()
    assert client.get(OFFICE_URL).context["places"] == []
    assert client.get("/").context["latest"] is None
    assert client.get("/channels/website/").context["tables"] == []


def test_editing_a_place_shows_once_published(client, demo):
    client.get(EVENT_URL)
    place = Ranking.objects.get(
        award__event=demo, award__channel__code="website", position=1, category__title="SKPD"
    )
    place.office = Office.objects.get(name="Dinas Kesehatan")

    ranking_save(ranking=place)
    # An edit alone is invisible to the public (the page is a published version) …
    content = client.get(EVENT_URL).content.decode()
    first = content.index("Terbaik Pertama")
    assert content.index("Bagian Protokol", first) < content.index("Dinas Kesehatan", first)
    event_publish(event=demo, reason="Ralat: pemenang pertama website SKPD")

    # … and shows at once when published as a correction.
    content = client.get(EVENT_URL).content.decode()
    first = content.index("Terbaik Pertama")
    assert content.index("Dinas Kesehatan", first) < content.index("Bagian Protokol", first)


def test_swapping_places_through_the_service_shows_at_once(client, demo):
    client.get(EVENT_URL)
    first, second = Ranking.objects.filter(
        award__event=demo, award__channel__code="website", category__title="SKPD", position__in=[1, 2]
    ).order_by("position")
    first.position, second.position = 2, 1

    event_places_save(event=demo, changed=[first, second])
    event_publish(event=demo, reason="Ralat: urutan website SKPD")

    website_skpd = client.get(EVENT_URL).context["sections"][0].categories[0].places
    assert [(p.position, p.office.name) for p in website_skpd] == [
        (1, "Dinas Komunikasi, Informatika dan Statistik"),
        (2, "Bagian Protokol dan Komunikasi Pimpinan"),
        (3, "Dinas Kependudukan dan Pencatatan Sipil"),
    ]


@pytest.mark.parametrize(
    "change",
    [
        "office-renamed",
        "office-account-added",
        "channel-renamed",
        "signatory-deleted",
        "place-deleted",
    ],
)
def test_every_public_model_change_makes_pages_stale(client, demo, change):
    before = pagecache.generation()
    prokompim = Office.objects.get(slug=PROKOMPIM_SLUG)
    if change == "office-renamed":
        prokompim.name = "Bagian Protokol Setda"
        prokompim.save()
    elif change == "office-account-added":
        OfficeAccount.objects.create(
            office=prokompim, channel=Channel.objects.get(code="website"), handle="x.id"
        )
    elif change == "channel-renamed":
        website = Channel.objects.get(code="website")
        website.name = "Situs Web"
        website.save()
    elif change == "signatory-deleted":
        Signatory.objects.filter(event=demo).first().delete()
    else:
        Ranking.objects.filter(award__event=demo).first().delete()

    assert pagecache.generation() != before


@pytest.mark.parametrize(
    ("model", "lookup", "new_name", "page"),
    [
        (Office, {"slug": PROKOMPIM_SLUG}, "Bagian Protokol Setda", OFFICE_URL),
        # The channel's name heads its all-time table (the office page names awards, not channels).
        (Channel, {"code": "website"}, "Situs Web", "/channels/website/"),
    ],
)
def test_renamed_office_or_channel_shows_on_the_cached_page(client, demo, model, lookup, new_name, page):
    assert new_name not in client.get(page).content.decode()
    thing = model.objects.get(**lookup)
    thing.name = new_name

    thing.save()

    assert new_name in client.get(page).content.decode()


def test_pages_changed_bumps_again_on_commit(django_capture_on_commit_callbacks):
    start = pagecache.generation()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pagecache.pages_changed()
        during = pagecache.generation()

    assert len(callbacks) == 1
    assert start != during != pagecache.generation()


def test_generation_is_made_once_and_kept():
    assert pagecache.generation() == pagecache.generation()


def test_error_pages_are_not_cached(client, db, django_assert_num_queries):
    client.get("/events/belum-ada/")

    with django_assert_num_queries(2):
        assert client.get("/events/belum-ada/").status_code == 404


def test_committee_pages_are_never_cached(committee_client, demo, django_assert_num_queries):
    committee_client.get(EVENT_URL)

    # Had the committee's page been stored, the public would get it without a query (three: the
    # current version with its event, its places, and the government whose name heads the page).
    with django_assert_num_queries(3):
        Client().get(EVENT_URL)


def test_public_page_is_not_served_to_committee(committee_client, demo):
    public = Client()
    public.get(EVENT_URL)
    event_withdraw(event=demo, reason="Uji: hasil ditarik")
    public.get(EVENT_URL)

    response = committee_client.get(EVENT_URL)

    assert "<strong>DRAF</strong>" in response.content.decode()


def test_reverse_office_detail_is_public_page():
    assert reverse("results:office-detail", kwargs={"slug": "dinas-kesehatan"}) == "/offices/dinas-kesehatan/"


def test_a_workers_copy_is_served_only_under_the_current_generation(client, demo, monkeypatch):
    client.get(EVENT_URL)
    shared_reads = []
    monkeypatch.setattr(
        pagecache.cache, "get_many", lambda keys: shared_reads.append(keys) or {}, raising=False
    )

    again = client.get(EVENT_URL)  # this worker's copy: the shared page is not read
    pagecache.pages_changed()
    after_change = client.get(EVENT_URL)  # the copy's generation is gone: read (and render) again

    assert again.status_code == after_change.status_code == 200
    assert len(shared_reads) == 1


@pytest.fixture
def shared_reads(monkeypatch):
    """The reads of the shared page cache that only the view's cached_page makes: none means the
    answer came from this worker's copy (WorkerCopyMiddleware)."""
    reads = []
    read = pagecache.cache.get_many
    monkeypatch.setattr(pagecache.cache, "get_many", lambda keys: reads.append(keys) or read(keys))
    return reads


def test_a_workers_copy_answers_with_every_header_of_the_page(client, demo, shared_reads):
    first = client.get(EVENT_URL)

    again = client.get(EVENT_URL)

    assert len(shared_reads) == 1  # the first request only
    assert again.content == first.content
    for name in (
        "Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control", "Vary",
        "Content-Language", "X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options",
    ):  # fmt: skip
        assert again[name] == first[name], name


def test_a_workers_copy_answers_a_repeated_request_with_304(client, demo, shared_reads):
    etag = client.get(EVENT_URL)["ETag"]

    again = client.get(EVENT_URL, headers={"if-none-match": etag})
    other = client.get(EVENT_URL, headers={"if-none-match": '"something-else"'})

    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert other.status_code == 200
    assert len(shared_reads) == 1


def test_head_is_answered_from_the_workers_copy(client, demo, shared_reads):
    client.get(EVENT_URL)

    response = client.head(EVENT_URL)

    assert response.status_code == 200
    assert len(shared_reads) == 1


def test_a_query_string_or_a_session_cookie_goes_to_the_view(client, demo, shared_reads):
    first = client.get(EVENT_URL)

    with_query = client.get(EVENT_URL + "?utm_source=wa")  # a parameter the page does not read
    client.cookies["sessionid"] = "not-a-session"
    with_cookie = client.get(EVENT_URL)

    assert len(shared_reads) == 3  # both read the shared copy; neither renders again
    assert with_query.content == with_cookie.content == first.content


def test_a_disallowed_host_gets_400_not_a_copy(client, demo):
    client.get(EVENT_URL)

    assert Client(HTTP_HOST="evil.example").get(EVENT_URL).status_code == 400


def test_a_page_rendered_across_a_change_is_not_kept_as_current(client, demo, shared_reads):
    changes = []

    def publish_elsewhere_while_reading(execute, sql, params, many, context):
        # Another worker publishes while this one reads the version it renders.
        if not changes and "publishedversion" in sql:
            changes.append(sql)
            pagecache.pages_changed()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(publish_elsewhere_while_reading):
        client.get(EVENT_URL)

    client.get(EVENT_URL)  # the copy was kept under the generation it was rendered under: stale

    assert len(changes) == 1
    assert len(shared_reads) == 2


def test_a_workers_copies_are_bounded(client, demo, monkeypatch):
    monkeypatch.setattr(pagecache, "WORKER_PAGES_LIMIT", 2)
    pagecache._WORKER_PAGES.clear()
    for url in (EVENT_URL, "/en" + EVENT_URL, OFFICE_URL):
        assert client.get(url).status_code == 200

    assert len(pagecache._WORKER_PAGES) == 1  # emptied when full, then the newest kept

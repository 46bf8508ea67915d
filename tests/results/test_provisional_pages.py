"""A provisional version says so, and until when, wherever it is shown; after its deadline the
page says the window has closed (never an invitation to object until a time already past); a
corrected version says so near its top; a superseded version marks its certificates."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from awards.models import Ranking
from awards.services import event_places_save
from common import pagecache
from results.services import event_publish
from tests.helpers import DEMO_SLUG

pytestmark = pytest.mark.django_db

EVENT_URL = reverse("results:event-detail", kwargs={"slug": DEMO_SLUG})
HOME_URL = reverse("results:home")
OPEN = "Hasil sementara: sanggahan dapat disampaikan kepada panitia sampai 9 November 2031, 23:59 WITA."
CLOSED = (
    "Hasil sementara: masa sanggah berakhir 9 November 2031, 23:59 WITA. "
    "Keputusan final panitia sedang ditunggu."
)
DEADLINE = timezone.make_aware(datetime.datetime(2031, 11, 9, 23, 59))


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.fixture
def provisional(demo):
    return event_publish(event=demo, reason="Masa sanggah dibuka", final=False, appeal_deadline=DEADLINE)


@pytest.fixture(autouse=True)
def _no_worker_copies():
    pagecache._WORKER_PAGES.clear()
    yield
    pagecache._WORKER_PAGES.clear()


def test_home_and_event_page_say_provisional_and_until_when(client, provisional):
    home, event = text(client.get(HOME_URL)), text(client.get(EVENT_URL))

    assert OPEN in home
    assert OPEN in event
    assert "Versi 2, sementara" in event
    assert CLOSED not in home + event


def test_final_version_says_nothing_of_an_appeal(client, demo):
    home, event = text(client.get(HOME_URL)), text(client.get(EVENT_URL))

    assert "Hasil sementara" not in home + event


def test_after_the_deadline_the_window_is_closed_even_for_a_page_kept_before(
    client, provisional, monkeypatch, django_assert_num_queries
):
    before = client.get(EVENT_URL)
    with django_assert_num_queries(0):
        kept = client.get(EVENT_URL)  # from the page cache
    home_before = client.get(HOME_URL)
    later = DEADLINE + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    after = client.get(EVENT_URL, HTTP_IF_NONE_MATCH=before["ETag"])
    home_after = client.get(HOME_URL)

    assert OPEN in text(before) and OPEN in text(kept) and OPEN in text(home_before)
    assert after.status_code == 200
    assert CLOSED in text(after) and OPEN not in text(after)
    assert CLOSED in text(home_after) and OPEN not in text(home_after)
    assert after["ETag"] != before["ETag"]


def test_a_provisional_page_is_kept_no_longer_than_its_window(provisional, settings):
    response = pagecache.keep_until(pagecache.HttpResponse(), timezone.now() + datetime.timedelta(seconds=90))

    assert 89 <= pagecache._seconds_kept(response) <= 90
    assert pagecache._seconds_kept(pagecache.HttpResponse()) == settings.PAGE_CACHE_SECONDS


def swap_website_skpd(demo) -> None:
    first, second = Ranking.objects.filter(
        award__event=demo, award__channel__code="website", category__title="SKPD"
    ).order_by("position")[:2]
    first.position, second.position = 2, 1
    event_places_save(event=demo, changed=[first, second])


def test_a_corrected_page_says_so_near_its_top_with_when_why_and_the_list(client, demo):
    swap_website_skpd(demo)
    version = event_publish(event=demo, reason="Urutan terbaik pertama dan kedua tertukar")

    html = client.get(EVENT_URL).content.decode()

    notice = re.search(r'<p class="correction-notice" role="note">(.*?)</p>', html, re.S)
    assert notice, "no correction notice"
    with translation.override("id"):
        when = date_format(timezone.localtime(version.published_at), "j F Y, H:i T")
    assert re.sub(r"<[^>]+>", "", notice.group(1)) == (
        f"Diralat — versi 2, {when}: Urutan terbaik pertama dan kedua tertukar Semua versi dan perubahannya"
    )
    assert '<a href="#corrections-title">' in notice.group(1)
    # Near its top: before the first award, in the page's header.
    assert html.index('class="correction-notice"') < html.index('class="award"')
    assert html.index('class="correction-notice"') < html.index(
        "</header>", html.index('class="page-header"')
    )
    assert 'id="corrections-title"' in html


def test_a_superseded_version_marks_its_certificates_and_links_the_current(client, demo):
    swap_website_skpd(demo)
    event_publish(event=demo, reason="Urutan terbaik pertama dan kedua tertukar")

    old = client.get(
        reverse("results:event-version", kwargs={"slug": DEMO_SLUG, "number": 1})
    ).content.decode()
    current = client.get(
        reverse("results:event-version", kwargs={"slug": DEMO_SLUG, "number": 2})
    ).content.decode()

    marks = re.findall(r'<span class="superseded-mark">(.*?)</span>', old, re.S)
    assert len(marks) == 18 == old.count("/certificate.pdf")
    assert set(marks) == {f'digantikan oleh versi 2: <a href="{EVENT_URL}">piagam yang berlaku</a>'}
    assert "superseded-mark" not in current


@pytest.mark.parametrize("count", [2, 12])
def test_provisional_event_and_home_pages_keep_their_query_budget(client, django_assert_num_queries, count):
    from tests.results.test_downloads import make_event_with_places

    event = make_event_with_places(count)
    event_publish(event=event, reason="Masa sanggah dibuka", final=False, appeal_deadline=DEADLINE)

    with django_assert_num_queries(3):
        page = client.get(event.get_absolute_url())
    with django_assert_num_queries(4):
        home = client.get(HOME_URL)

    assert "Hasil sementara" in text(page) and "Hasil sementara" in text(home)


def test_a_provisional_certificate_and_card_say_so_and_until_when(client, provisional):
    from documents.certificates.layout import card_layout, certificate_layout
    from results.certificates.place_text import printed_place_text
    from results.models import VersionPlace

    row = VersionPlace.objects.select_related("category__award__version").filter(version=provisional).first()
    final_row = VersionPlace.objects.select_related("category__award__version").get(
        version__number=1, ranking_id=row.ranking_id
    )

    text = printed_place_text(row, [])
    words = "HASIL SEMENTARA — masa sanggah sampai 9 November 2031, 23.59 WITA"
    certificate = {b.role: b.text for b in certificate_layout(text, logo=False).blocks}
    card = {b.role: b.text for b in card_layout(text, (1080, 1080), logo=False).blocks}
    pdf = client.get(reverse("results:place-certificate", kwargs={"pk": row.pk, "fmt": "png"}))
    shared = client.get(reverse("results:place-card", kwargs={"pk": row.pk, "shape": "square"}))

    assert text.provisional == words
    assert certificate["provisional"] == words
    assert card["date"].endswith(f" · {words}")
    assert printed_place_text(final_row, []).provisional == ""
    assert "provisional" not in {
        b.role for b in certificate_layout(printed_place_text(final_row, []), logo=False).blocks
    }
    assert pdf.status_code == shared.status_code == 200

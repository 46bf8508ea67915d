"""Hostile and odd text in every form: never a server error, never a script on a public page.

Long, empty, unicode, right-to-left, emoji, HTML, template and SQL-looking strings go through
the admin forms as a committee member types them; what was saved is then read on the public
pages, where it must appear escaped.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import event as count_case
from hypothesis import strategies as st

from awards.models import Award, Category, EvaluationEvent, Ranking, RankingLevel
from awards.services import award_save, category_save, ranking_save
from offices.models import Channel, Office
from offices.names import bare_name, normalize_name
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory
from tests.helpers import event_form

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "\t\n",
    "x" * 5000,
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR '1'='1",
    "Robert'); DROP TABLE offices_office;--",
    "{{ 7|add:7 }}{% debug %}",
    "مكتب الاتصالات",
    "\u202eKelurahan Pelambuan",
    "שלום עולם",
    "🏆 Dinas Kesehatan 🎉",
    "Dinas\u0000Kesehatan",
    "\ud7ff\ue000\uffff",
    "Kelurahan Kelurahan",
    "ＤＩＮＡＳ",
    "%s%s%n",
    "NaN",
    "-1",
    "1e309",
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=250),
    st.text(alphabet=st.sampled_from("<>\"'&;/\\%{}#"), max_size=40),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


MARKUP = re.compile(r"<(script|img|/textarea)", re.IGNORECASE)


def _no_raw_markup(body: str, *values: str) -> None:
    # Public pages ship no script at all, so any script tag on them came from stored text.
    assert "<script" not in body.lower()
    for value in values:
        if MARKUP.search(value):
            assert value not in body


def _refused(response, model, nothing_saved, *, blank_field):
    """A refused admin form: the same add page with its errors listed, and no row written.
    ``blank_field`` names the required field when it was left blank: it must be one of them."""
    form = response.context["adminform"].form
    inline_errors = [fs.formset.errors for fs in response.context["inline_admin_formsets"]]
    errors = {**form.errors, **{f"inline-{n}": e for n, e in enumerate(inline_errors) if any(e)}}

    assert (response.context["opts"].label_lower, response.context["add"]) == (model, True)
    assert nothing_saved
    assert errors != {}
    assert 'class="errornote"' in response.content.decode()
    if blank_field:
        assert blank_field in form.errors


@FUZZ
@given(name=text, short_name=text, handle=text)
def test_office_form_never_errors_and_escapes(committee_client, name, short_name, handle):
    client = Client()
    website = Channel.objects.get(code="website")
    with transaction.atomic():
        response = committee_client.post(
            reverse("admin:offices_office_add"),
            {
                "name": name,
                "short_name": short_name,
                "kind": "skpd",
                "slug": "",
                "is_active": "on",
                "former_names-TOTAL_FORMS": "0",
                "former_names-INITIAL_FORMS": "0",
                "accounts-TOTAL_FORMS": "1",
                "accounts-INITIAL_FORMS": "0",
                "accounts-0-channel": str(website.pk),
                "accounts-0-handle": handle,
            },
        )

        office = Office.objects.order_by("-pk").first()
        count_case(f"answered {response.status_code}")
        if response.status_code == 200:
            # Refused: the page is the form again, saying what is wrong, and nothing was saved.
            _refused(
                response, "offices.office", office is None, blank_field=not normalize_name(name) and "name"
            )
        else:
            assert (response.status_code, response["Location"]) == (
                302,
                reverse("admin:offices_office_changelist"),
            )
            assert (Office.objects.count(), office.name) == (1, bare_name(name, office.prefix))
            page = client.get(office.get_absolute_url())
            listing = client.get(reverse("offices:office-list"), {"q": name})
            assert (page.status_code, listing.status_code) == (200, 200)
            body = page.content.decode()
            _no_raw_markup(body, office.name, office.short_name, handle)
            assert escape(office.display_name) in body
            assert 'href="javascript:' not in body
        transaction.set_rollback(True)


@FUZZ
@given(title=text, venue=text, city=text, description=text, notes=text)
def test_event_form_never_errors_and_escapes(committee_client, title, venue, city, description, notes):
    client = Client()
    with transaction.atomic():
        response = committee_client.post(
            reverse("admin:awards_evaluationevent_add"),
            event_form(
                [],
                title=title,
                slug="evaluasi-smart-city-2021",
                venue=venue,
                city=city,
                description=description,
                notes=notes,
            ),
        )

        count_case(f"answered {response.status_code}")
        if response.status_code == 200:
            _refused(
                response,
                "awards.evaluationevent",
                not EvaluationEvent.objects.exists(),
                blank_field=not title.strip() and "title",
            )
        else:
            event = EvaluationEvent.objects.get()
            assert (response.status_code, response["Location"]) == (
                302,
                reverse("admin:awards_evaluationevent_changelist"),
            )
            assert event.title == title.strip()
            event_publish(event=event, by=None)
            page = client.get(event.get_absolute_url())
            home = client.get(reverse("results:home"))
            assert (page.status_code, home.status_code) == (200, 200)
            for body in (page.content.decode(), home.content.decode()):
                _no_raw_markup(body, event.title, event.venue, event.city, event.description, event.notes)
            assert escape(event.title) in page.content.decode()
        transaction.set_rollback(True)


@FUZZ
@given(
    award_title=text, category_title=text, citation=text, office_name=text, place_word=text, mention_word=text
)
def test_awards_categories_and_places_never_error_and_escape(
    award_title, category_title, citation, office_name, place_word, mention_word
):
    """Hostile words in an award, its category, a place and the event's words for places, saved
    through the services the admin and the imports use, then read on every public page that
    prints them (the admin's own parsing of these fields is fuzzed in its tests)."""
    client = Client()
    website = Channel.objects.get(code="website")

    def clean(value: str, default: str) -> str:
        # PostgreSQL stores no NUL character; the forms refuse it. Titles are required.
        return value.replace("\x00", "").strip()[:120] or default

    with transaction.atomic():
        office = OfficeFactory(name=clean(office_name, "Dinas Kesehatan"))
        event = EventFactory(
            slug="evaluasi-fuzz",
            held_on=None,
            place_word=clean(place_word, "Terbaik")[:40],
            mention_word=clean(mention_word, "Harapan")[:40],
        )
        award = award_save(award=Award(event=event, title=clean(award_title, "Anugerah"), channel=website))
        category = category_save(
            category=Category(award=award, title=clean(category_title, "OPD"), places=3, mentions=1),
            kinds=[office.kind],
        )
        ranking_save(
            ranking=Ranking(
                category=category,
                office=office,
                level=RankingLevel.MENTION,
                position=1,
                citation=citation.replace("\x00", "")[:300],
            )
        )
        event_publish(event=event, by=None)
        pages = [
            event.get_absolute_url(),
            reverse("results:home"),
            office.get_absolute_url(),
            "/channels/website/",
        ]
        for url in pages:
            page = client.get(url)
            assert page.status_code == 200, url
            _no_raw_markup(
                page.content.decode(), office.name, citation, award.title, category.title, event.mention_word
            )
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------
# Hostile query parameters: a clear 400 or the page, never a 500, on every public and admin list.

HOSTILE_VALUES = [
    "%00",
    "x%00y",
    "99999999999999999999",
    "-99999999999999999999",
    "99999",
    "0",
    "1e400",
    "2021-13-45",
    "x" * 5000,
    "%ff%fe",
    "%C0%AF",
]


def _admin_list_params(model_admin, request, seen_field_types: set) -> list[str]:
    """The parameters a changelist reads: search, order, page, its filters' own parameters, its
    date hierarchy, and field lookups. A lookup on a field that no filter reads goes through the
    field class's own parsing, the same on every model, so one field of each class stands for the
    rest (every value on all ~400 field parameters took a minute)."""
    from django.db import models

    # Search and ordering read each admin's own fields; the page number, _to_field and the error
    # flag are parsed by Django's ChangeList alike for every admin, so the first admin tries them.
    params = ["q", "o"] if seen_field_types else ["q", "o", "p", "_to_field", "e"]
    for spec in model_admin.get_changelist_instance(request).filter_specs:
        params += spec.expected_parameters()
    if model_admin.date_hierarchy:
        params += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    for field in model_admin.model._meta.get_fields():
        if not getattr(field, "concrete", False) or type(field) in seen_field_types:
            continue
        seen_field_types.add(type(field))
        params.append(field.name if not field.is_relation else f"{field.name}__id__exact")
        if isinstance(field, models.DateField):
            params += [f"{field.name}__year", f"{field.name}__month", f"{field.name}__day"]
        if isinstance(field, models.DateTimeField):
            params += [f"{field.name}__gte"]
    return list(dict.fromkeys(params))


def _status_of(client, url: str) -> int:
    # In a savepoint of its own: on PostgreSQL one failed query would abort the test's transaction
    # and every later request with it.
    with transaction.atomic():
        status = client.get(url).status_code
        transaction.set_rollback(True)
    return status


def test_hostile_query_values_never_500_on_public_pages(client, demo):
    from tests.helpers import DEMO_SLUG, PROKOMPIM_SLUG

    client.raise_request_exception = False
    pages = [
        "/",
        "/offices/",
        f"/events/{DEMO_SLUG}/",
        f"/offices/{PROKOMPIM_SLUG}/",
        "/channels/website/",
        f"/events/{DEMO_SLUG}/pemenang.csv",
        "/en/offices/",
    ]
    results = {
        (page, name, value): _status_of(client, f"{page}?{name}={value}")
        for page in pages
        for name in ("q", "kind", "page", "utm")
        for value in HOSTILE_VALUES
    }

    assert {key: status for key, status in results.items() if status not in (200, 400)} == {}
    assert results[("/offices/", "q", "%00")] == 400
    assert results[("/offices/", "q", "99999999999999999999")] == 200


def test_hostile_query_values_never_500_on_admin_changelists(admin_client, admin_user, rf):
    from django.contrib import admin

    admin_client.raise_request_exception = False
    failures = {}
    urls = []
    seen_field_types: set = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request = rf.get(changelist)
        request.user = admin_user
        urls += [(changelist, name) for name in _admin_list_params(model_admin, request, seen_field_types)]
        if model_admin.search_fields:
            urls.append(
                (
                    f"/admin/autocomplete/?app_label={opts.app_label}&model_name={opts.model_name}"
                    "&field_name=x",
                    "term",
                )
            )
    for url, name in urls:
        joiner = "&" if "?" in url else "?"
        for value in HOSTILE_VALUES:
            status = _status_of(admin_client, f"{url}{joiner}{name}={value}")
            if status >= 500:
                failures[(url, name, value)] = status

    assert len(urls) > 100
    assert len(seen_field_types) > 15
    assert failures == {}

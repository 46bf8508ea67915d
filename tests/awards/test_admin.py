"""The committee's admin flow: an event, its awards (step 1), an award's categories and places
(step 2), copying awards from an earlier event, and the list of all places."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from awards.models import Award, Category, EvaluationEvent, EventStatus, Ranking, RankingLevel
from offices.models import Channel, OfficeKind
from tests.factories import (
    AwardFactory,
    CategoryFactory,
    EventFactory,
    OfficeFactory,
    RankingFactory,
    kind,
    make_judge,
)
from tests.helpers import award_form, award_url, correct_a_citation, event_form

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:awards_evaluationevent_add")
PPID = "Anugerah Keterbukaan Informasi Publik"


def row_errors(response, prefix="rankings"):
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    return [form.errors for form in formset.formset.forms]


@pytest.fixture
def offices():
    return {
        "prokompim": OfficeFactory(name="Bagian Protokol dan Komunikasi Pimpinan", short_name="Prokompim"),
        "diskominfo": OfficeFactory(name="Dinas Komunikasi dan Informatika"),
        "dukcapil": OfficeFactory(name="Dinas Kependudukan dan Pencatatan Sipil"),
        "depok": OfficeFactory(name="Depok", kind=kind("kapanewon")),
        "caturtunggal": OfficeFactory(name="Caturtunggal", kind=kind("kalurahan")),
        "pelambuan": OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN),
    }


@pytest.fixture
def ppid():
    """An award without a channel, its category “OPD” open to SKPD: 2 places, 1 mention."""
    award = AwardFactory(title=PPID, channel=None, event=EventFactory(held_on=None, year=2023))
    category = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], places=2, mentions=1)
    return award, category


# --- the event page -------------------------------------------------------------------------


def test_secretary_creates_event_without_date_and_an_award_then_is_told_where_to_go_on(committee_client):
    response = committee_client.post(ADD_URL, event_form([(PPID, None)]), follow=True)

    event = EvaluationEvent.objects.get()
    award = event.awards.get()
    assert (event.held_on, event.year, event.status, event.date_or_year) == (
        None,
        2023,
        EventStatus.DRAFT,
        "2023",
    )
    assert (award.title, award.channel) == (PPID, None)
    texts = [str(m) for m in response.context["messages"]]
    assert any(award_url(award) in text and PPID in text for text in texts)


def test_event_page_lists_awards_with_categories_places_and_link(committee_client, ppid, offices):
    award, category = ppid
    RankingFactory(category=category, office=offices["prokompim"], position=1)

    page = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[award.event_id]))

    html = page.content.decode()
    assert "OPD (SKPD: 2 peringkat, 1 harapan)" in html
    assert f'href="{award_url(award)}" class="award-places-link"' in html
    assert reverse("admin:awards_evaluationevent_copy_awards", kwargs={"pk": award.event_id}) in html


def test_event_page_shows_how_places_print_in_the_events_words(committee_client):
    event = EventFactory(place_word="Juara", place_numbering="digits", mention_word="Harapan")

    page = committee_client.get(
        reverse("admin:awards_evaluationevent_change", args=[event.pk]), headers={"Accept-Language": "en"}
    )

    assert "Juara 1, Juara 2, Juara 3, … · honourable mentions: Harapan 1, …" in page.content.decode()


def test_event_page_saves_awards_through_the_service(committee_client):
    event = EventFactory()
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    before = event.updated_at
    data = event_form([(PPID, None)], title=event.title, slug=event.slug, city=event.city)

    response = committee_client.post(url, data)

    assert response.status_code == 302
    assert list(event.awards.values_list("title", flat=True)) == [PPID]
    event.refresh_from_db()
    assert event.updated_at > before


# --- copying awards from an earlier event -------------------------------------------------


def test_copy_awards_and_categories_from_an_earlier_event(committee_client, offices):
    earlier = EventFactory(title="Evaluasi 2022", year=2022)
    website = Channel.objects.get(code="website")
    web = AwardFactory(event=earlier, title="Terbaik Pengelolaan Website", channel=website, order=1)
    opd = CategoryFactory(award=web, title="OPD", kinds=[OfficeKind.SKPD], places=5, mentions=3, order=1)
    CategoryFactory(award=web, title="Kapanewon", kinds=["kapanewon", "kalurahan"], places=3, order=2)
    AwardFactory(event=earlier, title=PPID, channel=None, order=2)
    RankingFactory(category=opd, office=offices["prokompim"], position=1)
    target = EventFactory(title="Evaluasi 2023", year=2023)
    url = reverse("admin:awards_evaluationevent_copy_awards", kwargs={"pk": target.pk})

    page = committee_client.get(url)
    response = committee_client.post(url, {"source": earlier.pk})

    assert page.status_code == 200
    assert [e.pk for e in page.context["form"].fields["source"].queryset] == [earlier.pk]
    assert response.status_code == 302
    assert response.url == reverse("admin:awards_evaluationevent_change", args=[target.pk])
    assert list(target.awards.order_by("order").values_list("title", "channel__code", "order")) == [
        ("Terbaik Pengelolaan Website", "website", 1),
        (PPID, None, 2),
    ]
    copied = [
        (c.title, sorted(k.code for k in c.kinds.all()), c.places, c.mentions)
        for c in Category.objects.filter(award__event=target).order_by("order")
    ]
    assert copied == [("OPD", ["skpd"], 5, 3), ("Kapanewon", ["kalurahan", "kapanewon"], 3, 0)]
    assert not Ranking.objects.filter(award__event=target).exists()
    assert Ranking.objects.filter(award__event=earlier).count() == 1


def test_copy_awards_needs_the_right_to_add_awards(client):
    target = EventFactory()
    user = get_user_model().objects.create_user("tamu", password="x-very-long-pass", is_staff=True)
    user.user_permissions.add(*_perms("view_evaluationevent", "change_evaluationevent"))
    client.force_login(user)

    response = client.get(reverse("admin:awards_evaluationevent_copy_awards", kwargs={"pk": target.pk}))

    assert response.status_code == 403


# --- the award page: categories (step 2) and places ----------------------------------------


def test_award_add_page_saves_categories_then_lands_on_places(committee_client):
    event = EventFactory(held_on=None, year=2023)
    skpd = OfficeKind.objects.get(code=OfficeKind.SKPD)
    data = {
        "event": str(event.pk),
        "title": PPID,
        "channel": "",
        "order": "0",
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "0",
        "categories-0-order": "1",
        "categories-0-title": "OPD",
        "categories-0-kinds": [skpd.pk],
        "categories-0-places": "2",
        "categories-0-mentions": "1",
        "_save": "Save",
    }

    page = committee_client.get(reverse("admin:awards_award_add"), {"event": event.pk})
    response = committee_client.post(reverse("admin:awards_award_add"), data)

    assert [f.formset.prefix for f in page.context["inline_admin_formsets"]] == ["categories"]
    award = Award.objects.get()
    assert response.status_code == 302
    assert response.url == award_url(award)
    category = award.categories.get()
    assert (category.title, list(category.kinds.all()), category.places, category.mentions) == (
        "OPD",
        [skpd],
        2,
        1,
    )


def test_committee_member_enters_places_and_a_mention_on_the_award_page(committee_client, ppid, offices):
    award, opd = ppid
    places = [
        (opd, offices["prokompim"], RankingLevel.PLACE, 1, False),
        (opd, offices["diskominfo"], RankingLevel.PLACE, 2, False),
        (opd, offices["dukcapil"], RankingLevel.MENTION, 1, False),
    ]

    response = committee_client.post(award_url(award), award_form(award, places))

    assert response.status_code == 302
    assert [r.title for r in Ranking.objects.in_display_order().select_related("category__award__event")] == [
        "Terbaik Pertama",
        "Terbaik Kedua",
        "Harapan 1",
    ]


def test_two_categories_of_one_kind_in_one_award_each_have_a_first_place(committee_client, offices):
    award = AwardFactory(title="Anugerah Inovasi", channel=None)
    opd = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], order=1)
    kapanewon = CategoryFactory(award=award, title="Kapanewon", kinds=[OfficeKind.SKPD], order=2)
    places = [
        (opd, offices["prokompim"], RankingLevel.PLACE, 1, False),
        (kapanewon, offices["diskominfo"], RankingLevel.PLACE, 1, False),
    ]

    response = committee_client.post(award_url(award), award_form(award, places))

    assert response.status_code == 302
    assert list(
        Ranking.objects.in_display_order().values_list("category__title", "position", "is_shared")
    ) == [("OPD", 1, False), ("Kapanewon", 1, False)]


def test_a_category_open_to_two_kinds_takes_both_in_one_ranking(committee_client, offices):
    award = AwardFactory(title="Terbaik Pengelolaan Website")
    mixed = CategoryFactory(award=award, title="Umum", kinds=[OfficeKind.SKPD, OfficeKind.KELURAHAN])
    places = [
        (mixed, offices["pelambuan"], RankingLevel.PLACE, 1, False),
        (mixed, offices["prokompim"], RankingLevel.PLACE, 2, False),
        (mixed, offices["diskominfo"], RankingLevel.PLACE, 3, False),
    ]

    response = committee_client.post(award_url(award), award_form(award, places))

    assert response.status_code == 302
    assert list(Ranking.objects.in_display_order().values_list("office__name", "position")) == [
        ("Pelambuan", 1),
        ("Bagian Protokol dan Komunikasi Pimpinan", 2),
        ("Dinas Komunikasi dan Informatika", 3),
    ]


@pytest.mark.parametrize(
    ("rows", "bad_row", "field", "message"),
    [
        (
            [("opd", "prokompim", 1, 1), ("opd", "diskominfo", 1, 1)],
            1,
            "position",
            "Terbaik Pertama of category OPD is already held by Bagian Protokol dan Komunikasi Pimpinan. "
            "Only if both hold this one place jointly, tick “shared place” on each of them.",
        ),
        (
            [("opd", "prokompim", 1, 1), ("opd", "diskominfo", 1, 3)],
            1,
            "position",
            "Position 3 is above the 2 places of category OPD.",
        ),
        (
            [("opd", "prokompim", 2, 2)],
            0,
            "position",
            "Honourable mention 2 is above the 1 honourable mentions of category OPD.",
        ),
        (
            [("opd", "prokompim", 1, 1), ("opd", "prokompim", 1, 2)],
            1,
            "office",
            f"Bagian Protokol dan Komunikasi Pimpinan already holds a place in award {PPID}.",
        ),
        (
            [("opd", "depok", 1, 1)],
            0,
            "office",
            "{depok} is of kind Kapanewon, which category OPD does not admit.",
        ),
        (
            [("opd", "prokompim", 1, 0)],
            0,
            "position",
            "Ensure this value is greater than or equal to 1.",
        ),
    ],
    ids=["duplicate-place", "above-places", "above-mentions", "office-twice-in-award", "kind", "zero"],
)
def test_bad_place_row_shows_error_on_its_row_and_saves_nothing(
    committee_client, ppid, offices, rows, bad_row, field, message
):
    award, opd = ppid
    RankingFactory(category=opd, office=offices["dukcapil"], level=RankingLevel.MENTION, position=1)
    saved = Ranking.objects.get()
    places = [(saved.pk, opd, offices["dukcapil"], RankingLevel.MENTION, 1, False)] + [
        (opd, offices[o], level, position, False) for _c, o, level, position in rows
    ]

    response = committee_client.post(
        award_url(award), award_form(award, places, title="Judul Baru"), headers={"Accept-Language": "en"}
    )

    assert response.status_code == 200
    errors = row_errors(response)[1:]  # the saved row first
    assert errors[bad_row] == {field: [message.format(depok=offices["depok"].display_name)]}
    assert all(not e for i, e in enumerate(errors) if i != bad_row)
    assert list(Ranking.objects.values_list("office__name", "position")) == [
        ("Dinas Kependudukan dan Pencatatan Sipil", 1)
    ]
    award.refresh_from_db()
    assert award.title == PPID


def test_swapping_two_positions_in_one_save(committee_client, ppid, offices):
    award, opd = ppid
    first = RankingFactory(category=opd, office=offices["prokompim"], position=1)
    second = RankingFactory(category=opd, office=offices["diskominfo"], position=2)
    places = [
        (first.pk, opd, offices["prokompim"], RankingLevel.PLACE, 2, False),
        (second.pk, opd, offices["diskominfo"], RankingLevel.PLACE, 1, False),
    ]

    response = committee_client.post(award_url(award), award_form(award, places))

    assert response.status_code == 302
    assert list(
        Ranking.objects.order_by("position").values_list("office__short_name", "position", "is_shared")
    ) == [
        ("", 1, False),
        ("Prokompim", 2, False),
    ]


def test_category_choices_are_the_awards_own(committee_client, ppid):
    award, opd = ppid
    CategoryFactory(award=AwardFactory(event=award.event, title="Lain"), title="Lain")

    page = committee_client.get(award_url(award))

    formset = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "rankings")
    choices = [(str(value), label) for value, label in formset.formset.empty_form.fields["category"].choices]
    assert choices == [("", "---------"), (str(opd.pk), "OPD")]


def test_office_autocomplete_offers_only_the_kinds_the_categories_admit(committee_client, offices):
    award = AwardFactory(title="Anugerah Desa", channel=None)
    CategoryFactory(award=award, title="Kapanewon", kinds=["kapanewon"])
    CategoryFactory(award=award, title="Kalurahan", kinds=["kalurahan"])
    OfficeFactory(name="Dinas Kapanewon Contoh")  # an SKPD whose name matches too

    page = committee_client.get(award_url(award))
    url = reverse("admin:awards_award_office_autocomplete", args=[award.pk])
    response = committee_client.get(
        url, {"term": "", "app_label": "awards", "model_name": "ranking", "field_name": "office"}
    )

    assert f'data-ajax--url="{url}"' in page.content.decode()
    assert sorted(r["text"] for r in json.loads(response.content)["results"]) == sorted(
        [offices["caturtunggal"].display_name, offices["depok"].display_name]
    )


def test_narrowing_a_category_that_gives_places_is_refused_with_the_page_as_typed(
    committee_client, ppid, offices
):
    award, opd = ppid
    RankingFactory(category=opd, office=offices["prokompim"], position=2)
    data = award_form(award, [], title="Judul yang diketik")
    data["categories-0-places"] = "1"

    response = committee_client.post(award_url(award), data, headers={"Accept-Language": "en"})

    opd.refresh_from_db()
    award.refresh_from_db()
    assert (opd.places, award.title) == (2, PPID)
    categories = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "categories"
    )
    assert response.status_code == 200
    assert response.context["adminform"].form["title"].value() == "Judul yang diketik"
    assert [row["places"].value() for row in categories.formset.forms] == ["1"]
    assert response.context["adminform"].form.non_field_errors() == [
        "The categories could not be saved: Position 2 is above the 1 places of category OPD. "
        "Nothing was saved."
    ]


def test_judge_cannot_open_the_award_page(client, ppid):
    award, _opd = ppid
    client.force_login(make_judge())

    assert client.get(award_url(award)).status_code == 403
    assert client.post(award_url(award), award_form(award)).status_code == 403


# --- the list of all places -------------------------------------------------------------------


def test_place_list_is_in_display_order_with_award_and_category(committee_client, offices):
    event = EventFactory()
    second = AwardFactory(event=event, title="B Terbaik Pengelolaan Instagram", order=2)
    first = AwardFactory(event=event, title="A Anugerah PPID", order=1)
    b_skpd = CategoryFactory(award=second, title="SKPD", kinds=[OfficeKind.SKPD], order=1)
    a_opd = CategoryFactory(award=first, title="OPD", kinds=[OfficeKind.SKPD], mentions=1, order=1)
    RankingFactory(category=b_skpd, office=offices["prokompim"], position=1)
    RankingFactory(category=a_opd, office=offices["diskominfo"], level=RankingLevel.MENTION, position=1)
    RankingFactory(category=a_opd, office=offices["prokompim"], position=1)

    response = committee_client.get(reverse("admin:awards_ranking_changelist"))

    assert [
        (r.category.award.title, r.category.title, r.level, r.position)
        for r in response.context["cl"].result_list
    ] == [
        ("A Anugerah PPID", "OPD", RankingLevel.PLACE, 1),
        ("A Anugerah PPID", "OPD", RankingLevel.MENTION, 1),
        ("B Terbaik Pengelolaan Instagram", "SKPD", RankingLevel.PLACE, 1),
    ]


def test_place_form_groups_categories_by_award(committee_client, ppid):
    award, opd = ppid

    page = committee_client.get(reverse("admin:awards_ranking_add"))

    choices = page.context["adminform"].form.fields["category"].choices
    assert choices == [("", "---------"), (f"{award.event.title} — {PPID}", [(opd.pk, "OPD")])]


def test_single_place_form_says_where_a_joint_place_is_made(committee_client, ppid, offices):
    _award, opd = ppid
    RankingFactory(category=opd, office=offices["prokompim"], position=2)

    response = committee_client.post(
        reverse("admin:awards_ranking_add"),
        {
            "category": opd.pk,
            "office": offices["diskominfo"].pk,
            "level": RankingLevel.PLACE,
            "position": "2",
            "score": "",
            "citation": "",
        },
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["position"][-1] == (
        f"For a joint place, open the award “{PPID}”, tick “shared place” on both "
        "places in its table of places, and save them together."
    )
    assert not Ranking.objects.filter(office=offices["diskominfo"]).exists()


def test_single_place_form_above_the_places_gives_no_joint_place_hint(committee_client, ppid, offices):
    _award, opd = ppid

    response = committee_client.post(
        reverse("admin:awards_ranking_add"),
        {"category": opd.pk, "office": offices["diskominfo"].pk, "level": 1, "position": "3"},
        headers={"Accept-Language": "en"},
    )

    assert response.context["adminform"].form.errors["position"] == [
        "Position 3 is above the 2 places of category OPD."
    ]


# --- publishing and access --------------------------------------------------------------------


def test_committee_member_publishes_corrects_and_withdraws(committee_client):
    event = EventFactory()
    RankingFactory(event=event, position=1)
    url = reverse("admin:awards_evaluationevent_changelist")
    publish_url = reverse("admin:awards_evaluationevent_publish", args=[event.pk])
    withdraw_url = reverse("admin:awards_evaluationevent_withdraw", args=[event.pk])

    committee_client.post(url, {"action": "publish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    published = (event.status, event.versions.count())
    # A correction without a reason is refused on its field, and nothing is published.
    refused = committee_client.post(publish_url, {"kind": "final", "reason": " "})
    count_after_refusal = event.versions.count()
    correct_a_citation(event, "Nama kelurahan dibetulkan")
    committee_client.post(publish_url, {"kind": "final", "reason": "Ralat: nama kelurahan"})
    refused_withdrawal = committee_client.post(withdraw_url, {"reason": ""})
    committee_client.post(withdraw_url, {"reason": "Penilaian diulang"})
    event.refresh_from_db()

    assert published == (EventStatus.PUBLISHED, 1)
    assert refused.status_code == 200
    assert "alasan ralat" in refused.content.decode().lower()
    assert count_after_refusal == 1
    assert refused_withdrawal.status_code == 200
    assert event.status == EventStatus.WITHDRAWN
    assert list(event.versions.order_by("number").values_list("number", "reason", "withdrawn_reason")) == [
        (1, "", ""),
        (2, "Ralat: nama kelurahan", "Penilaian diulang"),
    ]


def test_committee_member_publishes_from_event_page(committee_client):
    event = EventFactory()
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    data = event_form([], title=event.title, slug=event.slug)
    data.pop("_save")
    data["_publish"] = "Save and publish"

    page = committee_client.get(url)
    response = committee_client.post(url, data)

    assert 'name="_publish"' in page.content.decode()
    assert (response.status_code, response.url) == (302, url)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_staff_without_publish_permission_has_no_publish_action(client):
    user = get_user_model().objects.create_user("tamu", password="x-very-long-pass", is_staff=True)
    user.user_permissions.add(*_perms("view_evaluationevent", "change_evaluationevent"))
    client.force_login(user)

    url = reverse("admin:awards_evaluationevent_changelist")
    event = EventFactory()

    response = client.get(url)
    client.post(url, {"action": "publish", "_selected_action": [event.pk]})

    assert response.status_code == 200
    assert response.context["action_form"] is None
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def _perms(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename__in=codenames)


@pytest.mark.parametrize(
    "url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"]
)
def test_committee_member_gets_403_on_user_and_group_admin(committee_client, url_name):
    response = committee_client.get(reverse(url_name))

    assert response.status_code == 403


def test_anonymous_admin_redirects_to_login(client):
    response = client.get(reverse("admin:awards_evaluationevent_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_office_changelist_searches_short_name(committee_client):
    OfficeFactory(name="Bagian Protokol dan Komunikasi Pimpinan", short_name="Prokompim")
    OfficeFactory(name="Dinas Kesehatan")

    response = committee_client.get(reverse("admin:offices_office_changelist"), {"q": "prokompim"})

    assert [o.name for o in response.context["cl"].result_list] == ["Bagian Protokol dan Komunikasi Pimpinan"]


# --- query budgets: literal, the same at two data sizes ---------------------------------------
# The seed event (3 awards of 6 places) and 10 events of 20 awards of 10 places. A first request
# warms what is cached per process (content types, kinds' printed words), so the count is the page's.


def test_event_change_page_fixed_queries(committee_client, django_assert_num_queries, data_size):
    event = EvaluationEvent.objects.get(slug=data_size["event"])
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    committee_client.get(url)

    with django_assert_num_queries(12):
        response = committee_client.get(url)

    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"][1].formset.forms) == event.awards.count()


def test_award_change_page_fixed_queries(committee_client, django_assert_num_queries, data_size):
    award = Award.objects.filter(event__slug=data_size["event"]).order_by("order", "pk").first()
    committee_client.get(award_url(award))

    with django_assert_num_queries(18):
        response = committee_client.get(award_url(award))

    assert response.status_code == 200
    rankings = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "rankings")
    assert len(rankings.formset.forms) == award.rankings.count() > 0


def test_ranking_changelist_fixed_queries(committee_client, django_assert_num_queries, data_size):
    url = reverse("admin:awards_ranking_changelist")
    committee_client.get(url)

    with django_assert_num_queries(10):
        response = committee_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == data_size["places"]


def test_raising_a_categorys_mentions_and_entering_one_in_the_same_save(committee_client, offices):
    award = AwardFactory(title=PPID, channel=None)
    opd = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], places=2, mentions=0)
    data = award_form(award, [(opd, offices["prokompim"], RankingLevel.MENTION, 1, False)])
    data["categories-0-mentions"] = "1"

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 302
    opd.refresh_from_db()
    assert opd.mentions == 1
    assert [(r.office, r.level, r.position) for r in opd.rankings.all()] == [
        (offices["prokompim"], RankingLevel.MENTION, 1)
    ]

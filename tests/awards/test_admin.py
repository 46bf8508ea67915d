import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from awards.models import EvaluationEvent, EventStatus, Ranking
from offices.models import Channel, OfficeKind
from tests.factories import EventFactory, OfficeFactory, RankingFactory
from tests.helpers import event_form

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:awards_evaluationevent_add")


@pytest.fixture
def channels():
    return {c.code: c for c in Channel.objects.all()}


@pytest.fixture
def offices():
    return {
        "prokompim": OfficeFactory(name="Bagian Protokol dan Komunikasi Pimpinan", short_name="Prokompim"),
        "diskominfotik": OfficeFactory(name="Dinas Komunikasi, Informatika dan Statistik"),
        "disdukcapil": OfficeFactory(name="Dinas Kependudukan dan Pencatatan Sipil"),
        "pelambuan": OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN),
    }


def test_committee_member_creates_event_with_places(committee_client, channels, offices):
    places = [
        (channels["website"], offices["prokompim"], 1, False),
        (channels["website"], offices["diskominfotik"], 2, False),
        (channels["website"], offices["disdukcapil"], 3, False),
        (channels["website"], offices["pelambuan"], 1, False),
    ]

    response = committee_client.post(ADD_URL, event_form(places))

    assert response.status_code == 302
    event = EvaluationEvent.objects.get()
    assert (event.status, event.published_at) == (EventStatus.DRAFT, None)
    assert list(event.rankings.in_display_order().values_list("office__name", "office_kind", "position")) == [
        ("Bagian Protokol dan Komunikasi Pimpinan", "skpd", 1),
        ("Dinas Komunikasi, Informatika dan Statistik", "skpd", 2),
        ("Dinas Kependudukan dan Pencatatan Sipil", "skpd", 3),
        ("Pelambuan", "kelurahan", 1),
    ]


@pytest.mark.parametrize(
    ("rows", "bad_row", "field", "message"),
    [
        (
            [("website", "prokompim", 1), ("website", "diskominfotik", 1)],
            1,
            "position",
            "Position 1 of Website — SKPD is already held by Bagian Protokol dan Komunikasi Pimpinan. "
            "Tick “shared place” on every holder if it is a joint place.",
        ),
        (
            [("website", "prokompim", 1), ("website", "diskominfotik", 4)],
            1,
            "position",
            "Position 4 is above this event's 3 places per category.",
        ),
        (
            [("website", "prokompim", 1), ("website", "prokompim", 2)],
            1,
            "office",
            "Bagian Protokol dan Komunikasi Pimpinan already holds a place in Website in this event.",
        ),
        (
            [("website", "prokompim", 0)],
            0,
            "position",
            "Ensure this value is greater than or equal to 1.",
        ),
    ],
    ids=["duplicate-place", "position-above-places", "office-twice-in-channel", "position-zero"],
)
def test_bad_place_row_shows_error_on_row_and_saves_nothing(
    committee_client, channels, offices, rows, bad_row, field, message
):
    places = [(channels[c], offices[o], position, False) for c, o, position in rows]

    response = committee_client.post(ADD_URL, event_form(places), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "rankings")
    errors = [form.errors for form in formset.formset.forms]
    assert errors[bad_row] == {field: [message]}
    assert all(not e for i, e in enumerate(errors) if i != bad_row)
    assert (EvaluationEvent.objects.count(), Ranking.objects.count()) == (0, 0)


def test_bad_row_on_existing_event_keeps_event_unchanged(committee_client, channels, offices):
    event = EventFactory(title="Judul Lama", places_per_category=3)
    RankingFactory(event=event, channel=channels["website"], office=offices["prokompim"], position=1)
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    data = event_form(
        [(channels["website"], offices["diskominfotik"], 1, False)],
        title="Judul Baru",
        slug=event.slug,
    )
    existing = Ranking.objects.get()
    data.update(
        {
            "rankings-TOTAL_FORMS": "2",
            "rankings-INITIAL_FORMS": "1",
            "rankings-1-id": str(existing.pk),
            "rankings-1-event": str(event.pk),
            "rankings-1-channel": str(channels["website"].pk),
            "rankings-1-office": str(offices["prokompim"].pk),
            "rankings-1-position": "1",
        }
    )

    response = committee_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title == "Judul Lama"
    assert list(Ranking.objects.values_list("office__name", "position")) == [
        ("Bagian Protokol dan Komunikasi Pimpinan", 1)
    ]


def test_swapping_two_positions_in_one_save(committee_client, channels, offices):
    event = EventFactory()
    first = RankingFactory(event=event, channel=channels["website"], office=offices["prokompim"], position=1)
    second = RankingFactory(
        event=event, channel=channels["website"], office=offices["diskominfotik"], position=2
    )
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    data = event_form([], title=event.title, slug=event.slug)
    data.update({"rankings-TOTAL_FORMS": "2", "rankings-INITIAL_FORMS": "2"})
    for i, (ranking, position) in enumerate([(first, 2), (second, 1)]):
        data.update(
            {
                f"rankings-{i}-id": str(ranking.pk),
                f"rankings-{i}-event": str(event.pk),
                f"rankings-{i}-channel": str(channels["website"].pk),
                f"rankings-{i}-office": str(ranking.office_id),
                f"rankings-{i}-position": str(position),
            }
        )

    response = committee_client.post(url, data)

    assert response.status_code == 302
    assert list(
        event.rankings.order_by("position").values_list("office__short_name", "position", "is_shared")
    ) == [
        ("", 1, False),
        ("Prokompim", 2, False),
    ]


def test_committee_member_publishes_and_unpublishes(committee_client):
    event = EventFactory()
    url = reverse("admin:awards_evaluationevent_changelist")

    committee_client.post(url, {"action": "publish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    published = (event.status, event.published_at is not None)
    committee_client.post(url, {"action": "unpublish", "_selected_action": [event.pk]})
    event.refresh_from_db()

    assert published == (EventStatus.PUBLISHED, True)
    assert (event.status, event.published_at) == (EventStatus.DRAFT, None)


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


@pytest.mark.parametrize("size", [1, 40])
def test_ranking_changelist_fixed_queries(committee_client, django_assert_num_queries, channels, size):
    for _ in range(size):
        event = EventFactory()
        for channel in channels.values():
            RankingFactory(event=event, channel=channel, office=OfficeFactory(), position=1)

    with django_assert_num_queries(10):
        response = committee_client.get(reverse("admin:awards_ranking_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 3 * size


@pytest.mark.parametrize("size", [1, 40])
def test_office_changelist_fixed_queries(committee_client, django_assert_num_queries, size):
    parent = OfficeFactory(name="Sekretariat Daerah")
    for _ in range(size):
        OfficeFactory(parent=parent)

    with django_assert_num_queries(8):
        response = committee_client.get(reverse("admin:offices_office_changelist"), {"q": "Dinas"})

    assert response.context["cl"].result_count == size


def test_office_changelist_searches_short_name(committee_client):
    OfficeFactory(name="Bagian Protokol dan Komunikasi Pimpinan", short_name="Prokompim")
    OfficeFactory(name="Dinas Kesehatan")

    response = committee_client.get(reverse("admin:offices_office_changelist"), {"q": "prokompim"})

    assert [o.name for o in response.context["cl"].result_list] == ["Bagian Protokol dan Komunikasi Pimpinan"]


@pytest.mark.parametrize("size", [1, 30])
def test_event_change_page_fixed_queries(committee_client, django_assert_num_queries, channels, size):
    event = EventFactory(places_per_category=size)
    for position in range(1, size + 1):
        RankingFactory(event=event, channel=channels["website"], position=position)
    # The page reads the event's content type (history); another test may have left it cached.
    ContentType.objects.clear_cache()

    with django_assert_num_queries(10):
        response = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[event.pk]))

    content = response.content.decode()
    offices = Ranking.objects.filter(event=event).values_list("office_id", "office__name")
    assert [f'<option value="{pk}" selected>{name}</option>' in content for pk, name in offices] == [
        True
    ] * size


def test_committee_member_publishes_from_event_page(committee_client, channels, offices):
    event = EventFactory()
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    data = event_form(
        [(channels["website"], offices["prokompim"], 1, False)], title=event.title, slug=event.slug
    )
    data.pop("_save")
    data["_publish"] = "Save and publish"

    page = committee_client.get(url)
    response = committee_client.post(url, data)

    assert 'name="_publish"' in page.content.decode()
    assert (response.status_code, response.url) == (302, url)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert list(event.rankings.values_list("office__short_name", "position")) == [("Prokompim", 1)]


def test_single_place_form_says_where_a_joint_place_is_made(committee_client):
    event = EventFactory(title="Evaluasi Smart City 2021")
    website = Channel.objects.get(code="website")
    RankingFactory(event=event, channel=website, position=3, office=OfficeFactory(name="Dinas Kesehatan"))
    newcomer = OfficeFactory(name="Dinas Perhubungan")

    response = committee_client.post(
        reverse("admin:awards_ranking_add"),
        {
            "event": event.pk,
            "channel": website.pk,
            "office": newcomer.pk,
            "position": "3",
            "is_shared": "on",
            "score": "",
            "citation": "",
        },
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["position"][-1] == (
        "For a joint place, open the event “Evaluasi Smart City 2021”, tick “shared place” on both "
        "places in its table of places, and save them together."
    )
    assert not Ranking.objects.filter(office=newcomer).exists()

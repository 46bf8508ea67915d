"""Who reaches what in the admin: anonymous, committee member, view-only staff, superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.html import escape

from tests.factories import (
    AwardFactory,
    CategoryFactory,
    EventFactory,
    OfficeFactory,
    RankingFactory,
    make_judge,
)
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db

COMMITTEE_MODELS = [
    "offices_office",
    "offices_channel",
    "offices_officeaccount",
    "awards_evaluationevent",
    "awards_award",
    "awards_ranking",
    "awards_signatory",
]
ACCOUNT_URLS = [
    ("admin:auth_user_changelist", ()),
    ("admin:auth_user_add", ()),
    ("admin:auth_group_changelist", ()),
    ("admin:auth_group_add", ()),
]


@pytest.fixture
def view_only_client(client):
    user = get_user_model().objects.create_user("pengamat", password="x-very-long-pass", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=[f"view_{m.split('_', 1)[1]}" for m in COMMITTEE_MODELS])
    )
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("admin", password="x-very-long-pass")
    login_verified(client, user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        *[reverse(f"admin:{m}_changelist") for m in COMMITTEE_MODELS],
        *[reverse(name) for name, _args in ACCOUNT_URLS],
        reverse("admin:axes_accessattempt_changelist"),
    ],
)
def test_anonymous_is_sent_to_login_from_every_admin_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("url_name", [name for name, _args in ACCOUNT_URLS])
def test_committee_member_reaches_no_user_or_group_management(committee_client, url_name):
    response = committee_client.get(reverse(url_name))

    assert response.status_code == 403


def test_committee_member_cannot_change_a_group_or_user(committee_client):
    group = Group.objects.get(name="Komite")
    rights = set(group.permissions.values_list("codename", flat=True))

    response = committee_client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": "Komite", "permissions": []}
    )

    assert response.status_code == 403
    assert rights != set()
    assert set(group.permissions.values_list("codename", flat=True)) == rights


def test_committee_member_index_lists_only_committee_models(committee_client):
    response = committee_client.get(reverse("admin:index"))

    # The home's sections are steps of work (common/admin_site.py), not apps: the model's own app.
    models = sorted(
        f"{model['model']._meta.app_label}.{model['object_name']}"
        for app in response.context["app_list"]
        for model in app["models"]
    )
    assert models == [
        "awards.Award",
        "awards.EvaluationEvent",
        "awards.Ranking",
        "awards.Signatory",
        "judging.AccountMetrics",
        "judging.Criterion",
        "judging.JudgeAssignment",
        "judging.Judging",
        "judging.Score",
        "offices.Channel",
        "offices.Office",
        "offices.OfficeAccount",
        "offices.OfficeKind",
    ]


def test_view_only_staff_sees_but_cannot_change(view_only_client):
    office = OfficeFactory(name="Dinas Kesehatan")
    url = reverse("admin:offices_office_change", args=[office.pk])

    page = view_only_client.get(url)
    post = view_only_client.post(url, {"name": "Dinas Sehat", "kind": "skpd", "slug": "x", "is_active": "on"})
    add = view_only_client.get(reverse("admin:offices_office_add"))
    delete = view_only_client.post(reverse("admin:offices_office_delete", args=[office.pk]), {"post": "yes"})

    office.refresh_from_db()
    assert page.status_code == 200
    assert "Dinas Kesehatan" in page.content.decode()
    assert (post.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    assert office.name == "Dinas Kesehatan"


def test_view_only_staff_cannot_change_an_event(view_only_client):
    event = EventFactory(title="Evaluasi Smart City Kota Banjarmasin 2021")
    RankingFactory(event=event)
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])

    page = view_only_client.get(url)
    post = view_only_client.post(url, {"title": "Diubah"})

    event.refresh_from_db()
    assert page.status_code == 200
    assert post.status_code == 403
    assert event.title == "Evaluasi Smart City Kota Banjarmasin 2021"


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        *[reverse(f"admin:{m}_changelist") for m in COMMITTEE_MODELS],
        *[reverse(name) for name, _args in ACCOUNT_URLS],
        reverse("admin:axes_accessattempt_changelist"),
    ],
)
def test_superuser_reaches_everything(superuser_client, url):
    response = superuser_client.get(url)

    assert response.status_code == 200
    assert f"<title>{escape(response.context['title'])} |" in response.content.decode()


def test_refused_page_is_the_site_page_in_indonesian_with_a_way_back(committee_client):
    response = committee_client.get(reverse("admin:auth_user_changelist"))

    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Tidak diizinkan</h1>" in body
    assert f'href="{reverse("admin:index")}"' in body


def test_admin_language_can_be_chosen_whatever_the_browser_says(committee_client):
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    before = committee_client.get(reverse("admin:index"), headers=english_browser).content.decode()

    chosen = committee_client.post(
        reverse("set_language"), {"language": "id", "next": reverse("admin:index")}, headers=english_browser
    )
    after = committee_client.get(reverse("admin:index"), headers=english_browser).content.decode()

    assert '<button type="submit" name="language" value="id" lang="id">Bahasa Indonesia</button>' in before
    assert "Log out" in before
    assert chosen.status_code == 302 and chosen["Location"] == reverse("admin:index")
    assert "Keluar" in after
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in after


AWARD_PERMISSIONS = sorted(
    f"{action}_{model}" for model in ("award", "category") for action in ("add", "change", "delete", "view")
)


def test_committee_group_may_add_change_delete_and_view_awards_and_categories():
    group = Group.objects.get(name="Komite")

    assert (
        sorted(
            group.permissions.filter(content_type__model__in=["award", "category"]).values_list(
                "codename", flat=True
            )
        )
        == AWARD_PERMISSIONS
    )


def test_the_award_permissions_migration_can_run_again(_migration_apps):
    import importlib

    migration = importlib.import_module("awards.migrations.0010_committee_award_permissions")
    group = Group.objects.get(name="Komite")
    before = set(group.permissions.values_list("pk", flat=True))

    migration.grant_permissions(_migration_apps, None)
    migration.grant_permissions(_migration_apps, None)

    assert set(group.permissions.values_list("pk", flat=True)) == before


def _award_page_form(award, category):
    return {
        "event": award.event_id,
        "title": "Anugerah Keterbukaan Informasi Publik",
        "channel": "",
        "order": "1",
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "1",
        "categories-0-id": category.pk,
        "categories-0-award": award.pk,
        "categories-0-order": "1",
        "categories-0-title": "OPD",
        "categories-0-kinds": [kind.pk for kind in category.kinds.all()],
        "categories-0-places": "2",
        "categories-0-mentions": "1",
        "rankings-TOTAL_FORMS": "1",
        "rankings-INITIAL_FORMS": "0",
        "rankings-0-category": category.pk,
        "rankings-0-office": OfficeFactory(name="Dinas Komunikasi dan Informatika").pk,
        "rankings-0-level": "2",
        "rankings-0-position": "1",
        "_continue": "1",
    }


def test_committee_member_opens_and_saves_the_award_page(committee_client):
    award = AwardFactory(title="Anugerah KIP", channel=None)
    category = CategoryFactory(award=award, title="OPD", kinds=["skpd"], places=2)
    url = reverse("admin:awards_award_change", args=[award.pk])

    page = committee_client.get(url)
    saved = committee_client.post(url, _award_page_form(award, category))

    award.refresh_from_db()
    category.refresh_from_db()
    assert page.status_code == 200
    assert saved.status_code == 302
    assert (award.title, category.mentions) == ("Anugerah Keterbukaan Informasi Publik", 1)
    assert [r.title for r in category.rankings.all()] == ["Harapan 1"]


def test_judge_can_neither_open_nor_save_the_award_page(client):
    award = AwardFactory(title="Anugerah KIP", channel=None)
    category = CategoryFactory(award=award, title="OPD", kinds=["skpd"], places=2)
    url = reverse("admin:awards_award_change", args=[award.pk])
    client.force_login(make_judge())

    page = client.get(url)
    saved = client.post(url, _award_page_form(award, category))

    award.refresh_from_db()
    assert (page.status_code, saved.status_code) == (403, 403)
    assert award.title == "Anugerah KIP"
    assert not category.rankings.exists()

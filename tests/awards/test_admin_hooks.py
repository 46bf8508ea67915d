"""The event's admin page offers what apps above awards hand it through awards.admin.hooks."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from awards.admin.hooks import AdminLink, event_admin_links
from results.services import event_publish, event_withdraw
from tests.factories import EventFactory, RankingFactory
from tests.helpers import correct_a_citation

pytestmark = pytest.mark.django_db


def _buttons(response) -> list[str]:
    row = re.search(r'<div class="submit-row publish-row">(.*?)</div>', response.content.decode(), re.S)
    if row is None:
        return []
    return [
        re.sub(r"\s+", " ", button) for button in re.findall(r"<(?:input|a) [^>]*>(?:[^<]*</a>)?", row[1])
    ]


def test_event_page_shows_a_link_that_a_receiver_returns(committee_client):
    event = EventFactory()

    def invitation(*, request, event, **kwargs):
        return [
            AdminLink("Cetak undangan", f"/undangan/{event.pk}/"),
            AdminLink("Daftar hadir", f"/hadir/{event.pk}.pdf", section="Berkas acara", download=True),
        ]

    event_admin_links.connect(invitation)
    try:
        page = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[event.pk]))
    finally:
        event_admin_links.disconnect(invitation)

    assert _buttons(page)[-1] == f'<a href="/undangan/{event.pk}/" class="button">Cetak undangan</a>'
    assert f'<a href="/hadir/{event.pk}.pdf" download>Daftar hadir</a>' in page.content.decode()
    assert "<h2>Berkas acara</h2>" in page.content.decode()


def test_draft_event_page_offers_save_and_publish_and_the_preview(committee_client):
    event = EventFactory()

    page = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[event.pk]))

    assert _buttons(page) == [
        '<input type="submit" name="_publish" value="Simpan dan umumkan final">',
        '<input type="submit" name="_publish_provisional" '
        'value="Simpan dan umumkan sementara (masa sanggah)…">',
        f'<a href="{event.get_absolute_url()}" class="button">Pratinjau halaman publik</a>',
    ]


def test_published_and_withdrawn_event_pages_offer_correction_and_withdrawal(committee_client):
    event = EventFactory()
    RankingFactory(event=event, position=1)
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    publish = reverse("admin:awards_evaluationevent_publish", args=[event.pk])
    withdraw = reverse("admin:awards_evaluationevent_withdraw", args=[event.pk])

    event_publish(event=event)
    unchanged = committee_client.get(url)
    correct_a_citation(event, "Nama kantor dibetulkan")
    published = _buttons(committee_client.get(url))
    event_withdraw(event=event, reason="Penilaian diulang")
    withdrawn = _buttons(committee_client.get(url))

    # Nothing to publish right after publishing: no button, the page says why.
    assert [re.search(r'href="([^"]+)"', button)[1] for button in _buttons(unchanged)] == [
        event.get_absolute_url(),
        withdraw,
    ]
    assert "Tidak ada yang berubah sejak versi 1" in unchanged.content.decode()
    assert [re.search(r'href="([^"]+)"', button)[1] for button in published] == [
        publish,
        event.get_absolute_url(),
        withdraw,
    ]
    assert [re.search(r'href="([^"]+)"', button)[1] for button in withdrawn] == [
        publish,
        event.get_absolute_url(),
    ]


def test_member_who_may_not_publish_gets_no_publish_buttons_but_the_files(client):
    event = EventFactory()
    user = get_user_model().objects.create_user("tamu", password="x-very-long-pass", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_evaluationevent", "change_evaluationevent"])
    )
    client.force_login(user)

    page = client.get(reverse("admin:awards_evaluationevent_change", args=[event.pk]))

    assert _buttons(page) == []
    assert 'name="_publish"' not in page.content.decode()
    for fmt in ("xlsx", "csv", "ods"):
        url = reverse("admin:awards_evaluationevent_winners", args=[event.pk, fmt])
        assert f'<a href="{url}" download>{fmt}</a>' in page.content.decode()

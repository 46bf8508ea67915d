"""The berita acara of an event judged in the app is signed by its judges, frozen with the version."""

import io

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from awards.models import Signatory
from documents.official.data import DocumentKind, Person
from judging.services import leaderboard_finalise
from results.freezing import JURY
from results.models import PublishedVersion
from results.official import version_document, version_official_data
from results.services import event_publish
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db


def test_judges_of_a_finalised_event_sign_its_berita_acara(judged_event):
    event = judged_event["event"]
    get_user_model().objects.filter(username="juri-a").update(first_name="Rahmat", last_name="Hidayat")
    Signatory.objects.create(event=event, name="Ir. H. Ikhsan Budiman", title="Sekretaris Daerah", order=1)
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    leaderboard_finalise(event=event)

    version = event_publish(event=event)
    data = version_official_data(PublishedVersion.objects.select_related("event").get(pk=version.pk))
    text = " ".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(version_document(version, DocumentKind.BERITA_ACARA, "pdf").content)
        ).pages
    )

    assert version.extras[JURY] == [
        {"name": "juri-b", "title": "Juri"},
        {"name": "Rahmat Hidayat", "title": "Juri"},
    ]
    assert (data.jury, data.jury_word) == (
        (Person("juri-b", "Juri"), Person("Rahmat Hidayat", "Juri")),
        "Dewan Juri",
    )
    assert "Dewan Juri" in text and "Rahmat Hidayat" in text
    assert "Ikhsan Budiman" not in text


def test_judges_who_have_not_finalised_leave_the_signatories_to_sign(judged_event):
    event = judged_event["event"]
    Signatory.objects.create(event=event, name="Ir. H. Ikhsan Budiman", title="Sekretaris Daerah", order=1)

    version = event_publish(event=event)

    assert JURY not in version.extras
    assert version_official_data(version).jury == (Person("Ir. H. Ikhsan Budiman", "Sekretaris Daerah"),)

"""An import confirmed after the preview tells the truth, and its file does not linger."""

import os
import time
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from awards.models import EvaluationEvent, Ranking
from offices.models import Office
from tests.spreadsheets import confirm, csv_bytes, result_errors, upload

pytestmark = pytest.mark.django_db

HEADER = ["Event", "Award", "Category", "Position", "Shared place", "Office name", "Score", "Citation"]
WEBSITE = "Terbaik Pengelolaan Website"


@pytest.fixture
def english(committee_client, demo):
    committee_client.cookies["django_language"] = "en"
    return committee_client


@pytest.fixture
def import_root(settings):
    # Every test's own folder (tests/conftest.py `_media_root`).
    return Path(settings.STORAGES["import_export"]["OPTIONS"]["location"])


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_confirm_that_fails_says_so_and_saves_nothing(english, import_root):
    event = EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")
    third = Ranking.objects.get(award__event=event, award__title=WEBSITE, category__title="SKPD", position=3)
    third.delete()
    rows = [HEADER, [event.slug, WEBSITE, "SKPD", "3", "", "Dinas Kesehatan", "", ""]]
    preview = upload(english, "awards_ranking", "tambah.csv", csv_bytes(rows))
    assert result_errors(preview) == []
    # Meanwhile another member gives the same place to another office.
    third.pk = None
    third.office = Office.objects.get(name="Dinas Kebudayaan dan Pariwisata")
    third.save()
    count = Ranking.objects.count()

    done = confirm(english, "awards_ranking", preview)

    messages = [(m.level_tag, m.message) for m in get_messages(done.wsgi_request)]
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:awards_ranking_import")
    assert len(messages) == 1
    assert messages[0][0] == "error"
    assert messages[0][1].startswith("Nothing was imported: the file has errors now.")
    assert "Row 2" in messages[0][1]
    assert Ranking.objects.count() == count
    assert list(LogEntry.objects.all()) == []
    assert files_under(import_root) == []


def test_preview_file_waits_outside_the_public_media_and_goes_after_confirm(english, import_root, settings):
    event = EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")
    Ranking.objects.filter(
        award__event=event, award__title=WEBSITE, category__title="SKPD", position=3
    ).delete()
    rows = [HEADER, [event.slug, WEBSITE, "SKPD", "3", "", "Dinas Kesehatan", "", ""]]

    preview = upload(english, "awards_ranking", "tambah.csv", csv_bytes(rows))
    waiting = files_under(import_root)
    media = files_under(Path(settings.MEDIA_ROOT)) if Path(settings.MEDIA_ROOT).exists() else []
    done = confirm(english, "awards_ranking", preview)

    assert len(waiting) == 1
    assert waiting[0].startswith("django-import-export/")
    assert media == []
    assert done["Location"] == reverse("admin:awards_ranking_changelist")
    assert files_under(import_root) == []


def test_confirm_of_a_file_already_gone_says_upload_again(english, import_root):
    Ranking.objects.filter(award__title=WEBSITE, category__title="SKPD", position=3).delete()
    rows = [HEADER, ["evaluasi-smart-city-2021", WEBSITE, "SKPD", "3", "", "Dinas Kesehatan", "", ""]]
    preview = upload(english, "awards_ranking", "tambah.csv", csv_bytes(rows))
    for path in import_root.rglob("*"):
        if path.is_file():
            path.unlink()

    done = confirm(english, "awards_ranking", preview)

    messages = [(m.level_tag, m.message) for m in get_messages(done.wsgi_request)]
    assert done["Location"] == reverse("admin:awards_ranking_import")
    assert messages == [
        (
            "error",
            "The previewed file is no longer on the server (imported already, or "
            "left for more than a day). Upload it again.",
        )
    ]


def test_clean_import_files_removes_files_older_than_a_day(import_root):
    folder = import_root / "django-import-export"
    folder.mkdir(parents=True)
    old, new = folder / "old", folder / "new"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(old, (day_ago, day_ago))

    call_command("clean_import_files")

    assert files_under(import_root) == ["django-import-export/new"]


def test_import_files_live_outside_media_by_default():
    # The project's settings as they are read, not the test's folders (tests/conftest.py).
    from smartcity_awards import settings

    location = Path(settings.STORAGES["import_export"]["OPTIONS"]["location"])

    assert settings.STORAGES["import_export"]["OPTIONS"]["base_url"] is None
    assert Path(settings.MEDIA_ROOT) not in location.parents
    assert location != Path(settings.MEDIA_ROOT)

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator

from awards.models import Ranking
from results.models import VersionPlace
from results.open_data import CSV_COLUMNS
from results.services import event_publish, event_withdraw
from tests.factories import AwardFactory, CategoryFactory, EventFactory, RankingFactory
from tests.helpers import DEMO_SLUG, correct_a_citation

SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs" / "open-data.schema.json").read_text())


def assert_valid(document: dict, shape: str) -> None:
    """The document against one shape of docs/open-data.schema.json (every error listed)."""
    validator = Draft202012Validator(
        {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{shape}"},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def index_url() -> str:
    return reverse("results:open-data-index")


def current_url(slug: str = DEMO_SLUG, fmt: str = "json") -> str:
    return reverse("results:open-data-event", kwargs={"slug": slug, "fmt": fmt})


def version_url(number: int, slug: str = DEMO_SLUG, fmt: str = "json") -> str:
    return reverse("results:open-data-version", kwargs={"slug": slug, "number": number, "fmt": fmt})


def places_of(document: dict) -> list[dict]:
    return [
        place
        for award in document["awards"]
        for category in award["categories"]
        for place in category["places"]
    ]


def correct_demo(demo) -> Ranking:
    """Version 2 of the demo event: the website's third Kelurahan place becomes a shared one."""
    ranking = Ranking.objects.get(
        award__event=demo, award__channel__code="website", office__kind__code="kelurahan", position=3
    )
    ranking.is_shared = True
    ranking.save()
    event_publish(event=demo, reason="Ralat: peringkat ketiga diraih bersama.")
    return ranking


def small_event(places: int, versions: int = 1) -> str:
    event = EventFactory()
    category = CategoryFactory(award=AwardFactory(event=event), places=places, kinds=["skpd"])
    for position in range(1, places + 1):
        RankingFactory(category=category, position=position)
    for number in range(1, versions + 1):
        if number > 1:
            correct_a_citation(event, f"Catatan ralat {number}")
        event_publish(event=event, reason="" if number == 1 else f"Ralat {number}")
    return event.slug


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)


def test_index_lists_published_events_with_their_files(client, demo):
    EventFactory(slug="masih-draf")

    response = client.get(index_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert_valid(document, "index")
    [entry] = document["events"]
    assert (entry["slug"], entry["status"], entry["version"], entry["version_status"]) == (
        DEMO_SLUG,
        "published",
        1,
        "final",
    )
    assert entry["date"] == "2021-11-02"
    assert entry["urls"]["json"].endswith(current_url())
    assert entry["urls"]["csv"].endswith(current_url(fmt="csv"))
    assert entry["version_urls"]["json"].endswith(version_url(1))


def test_current_document_validates_and_has_every_place(client, demo):
    response = client.get(current_url())

    assert response.status_code == 200
    document = response.json()
    assert_valid(document, "event_version")
    assert document["status"] == "published"
    assert document["version"]["number"] == 1
    assert document["version"]["superseded_by"] is None
    assert len(document["signatories"]) == 3
    places = places_of(document)
    codes = set(VersionPlace.objects.filter(version__event=demo).values_list("code", flat=True))
    assert {place["code"] for place in places} == codes
    first = places[0]
    assert first["verify_url"] == f"{settings.PUBLIC_BASE_URL.rstrip('/')}/verify/{first['code']}/"
    assert first["certificate"]["pdf"].endswith(".pdf")


def test_correction_keeps_the_earlier_version_and_names_its_successor(client, demo):
    ranking = correct_demo(demo)
    office = ranking.office.display_name

    old = client.get(version_url(1)).json()
    new = client.get(current_url()).json()

    assert_valid(old, "event_version")
    assert_valid(new, "event_version")
    old_place = next(p for p in places_of(old) if p["office"]["name"] == office)
    new_place = next(p for p in places_of(new) if p["office"]["name"] == office)
    assert (old_place["title"], old_place["shared"]) == ("Terbaik Ketiga", False)
    assert (new_place["title"], new_place["shared"]) == ("Terbaik Ketiga (bersama)", True)
    assert (
        old["version"]["superseded_by"],
        old["version"]["current"],
        old["version"]["current_version"],
    ) == (
        2,
        False,
        2,
    )
    assert new["version"]["number"] == 2
    assert new["version"]["reason"] == "Ralat: peringkat ketiga diraih bersama."
    [change] = new["version"]["changes"]
    assert change["data"]["type"] == "changed"
    assert office in change["words"] and "Terbaik Ketiga (bersama)" in change["words"]
    assert [entry["number"] for entry in new["earlier_versions"]] == [1]
    assert new["earlier_versions"][0]["urls"]["json"].endswith(version_url(1))


def test_repeated_request_with_its_etag_gets_304(client, demo):
    first = client.get(current_url())

    again = client.get(current_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.has_header("Last-Modified")
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"  # a portal's page revalidates across origins


def test_a_correction_changes_the_etag_of_the_earlier_version(client, demo):
    before = client.get(version_url(1))
    correct_demo(demo)

    after = client.get(version_url(1), HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_json_and_csv_have_different_etags(client, demo):
    assert client.get(current_url())["ETag"] != client.get(current_url(fmt="csv"))["ETag"]


@pytest.mark.parametrize(
    "url", [index_url, current_url, lambda: current_url(fmt="csv"), lambda: version_url(1)]
)
def test_files_allow_any_origin_and_public_caching(client, demo, url):
    response = client.get(url())

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]


def test_head_answers_like_get_without_a_body(client, demo):
    get = client.get(current_url())

    head = client.head(current_url())

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]


def test_post_is_refused(client, demo):
    assert client.post(current_url()).status_code == 405


def test_draft_event_is_404(client, db):
    draft = EventFactory()
    RankingFactory(event=draft)

    assert client.get(current_url(draft.slug)).status_code == 404
    assert client.get(current_url(draft.slug, fmt="csv")).status_code == 404
    assert client.get(version_url(1, draft.slug)).status_code == 404
    assert client.get(index_url()).json()["events"] == []


def test_withdrawn_event_is_gone_at_its_current_address_and_kept_at_its_version(client, demo):
    event_withdraw(event=demo, reason="Penilaian diulang.")

    gone = client.get(current_url())
    gone_csv = client.get(current_url(fmt="csv"))
    record = client.get(version_url(1))
    index = client.get(index_url()).json()

    assert gone.status_code == 410
    assert gone_csv.status_code == 410
    assert gone["Access-Control-Allow-Origin"] == "*"
    assert_valid(gone.json(), "withdrawn")
    assert gone.json()["reason"] == "Penilaian diulang."
    assert record.status_code == 200
    document = record.json()
    assert_valid(document, "event_version")
    assert document["status"] == "withdrawn"
    assert document["version"]["withdrawn_reason"] == "Penilaian diulang."
    assert all(place["certificate"] is None for place in places_of(document))
    assert_valid(index, "index")
    [entry] = index["events"]
    assert (entry["status"], entry["withdrawn_reason"]) == ("withdrawn", "Penilaian diulang.")


def test_withdrawal_changes_the_etag_of_the_version(client, demo):
    before = client.get(version_url(1))
    event_withdraw(event=demo, reason="Penilaian diulang.")

    after = client.get(version_url(1), HTTP_IF_NONE_MATCH=before["ETag"])
    again = client.get(version_url(1), HTTP_IF_NONE_MATCH=after["ETag"])

    assert (before.status_code, after.status_code, again.status_code) == (200, 200, 304)
    assert after["ETag"] != before["ETag"]
    assert (before.json()["status"], after.json()["status"]) == ("published", "withdrawn")


def test_unknown_version_is_404(client, demo):
    assert client.get(version_url(2)).status_code == 404
    assert client.get(version_url(2, fmt="csv")).status_code == 404


def test_csv_has_one_row_per_place(client, demo):
    correct_demo(demo)

    response = client.get(version_url(2, fmt="csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{DEMO_SLUG}-v2.csv"'
    assert not response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    stored = VersionPlace.objects.filter(version__event=demo, version__number=2)
    assert sorted(row["code"] for row in rows) == sorted(stored.values_list("code", flat=True))
    assert {row["version"] for row in rows} == {"2"}
    shared = [row for row in rows if row["shared"] == "yes"]
    assert ("Terbaik Ketiga (bersama)", "website", "kelurahan") in {
        (row["title"], row["channel"], row["office_kind"]) for row in shared
    }


def test_csv_cell_cannot_be_a_formula(client, db):
    slug = small_event(places=1)
    VersionPlace.objects.filter(version__event__slug=slug).update(citation="=HYPERLINK(1)")

    rows = list(csv.DictReader(io.StringIO(client.get(current_url(slug, fmt="csv")).content.decode())))

    assert rows[0]["citation"] == "'=HYPERLINK(1)"


def test_event_page_names_its_open_data_files(client, demo):
    page = client.get(reverse("results:event-detail", kwargs={"slug": DEMO_SLUG})).content.decode()
    version_page = client.get(
        reverse("results:event-version", kwargs={"slug": DEMO_SLUG, "number": 1})
    ).content.decode()

    assert f'<link rel="alternate" type="application/json" href="{current_url()}">' in page
    assert f'<link rel="alternate" type="text/csv" href="{current_url(fmt="csv")}">' in page
    assert f'<link rel="alternate" type="application/json" href="{version_url(1)}">' in version_page
    assert f'<link rel="alternate" type="text/csv" href="{version_url(1, fmt="csv")}">' in version_page


@pytest.mark.parametrize(
    "path",
    [
        f"/open-data/events/{DEMO_SLUG}/v0.json",
        f"/open-data/events/{DEMO_SLUG}/v99999999999.json",
        f"/open-data/events/{DEMO_SLUG}/v32768.csv",
        f"/open-data/events/{DEMO_SLUG}/v-1.json",
        f"/open-data/events/{DEMO_SLUG}/v1.xml",
        f"/open-data/events/{DEMO_SLUG}.json%00",
        "/open-data/events/%00.json",
        "/open-data/events/..%2f..%2fsettings.json",
        "/open-data/events/tidak-ada.json",
        "/open-data/events/tidak-ada/v1.csv",
        "/open-data/events.csv",
    ],
)
def test_hostile_addresses_are_404(client, demo, path):
    assert client.get(path).status_code == 404


def test_english_address_is_its_own_file(client, demo):
    indonesian = client.get(f"/open-data/events/{DEMO_SLUG}.json")

    english = client.get(f"/en/open-data/events/{DEMO_SLUG}.json")

    assert english.status_code == 200
    assert_valid(english.json(), "event_version")
    assert english.json()["event"]["urls"]["json"].endswith(f"/en/open-data/events/{DEMO_SLUG}.json")
    assert english["ETag"] != indonesian["ETag"]


# ---------------------------------------------------------------------------------------------
# Query budgets: the same literal numbers at two sizes


@pytest.mark.parametrize("events", [1, 3])
def test_index_queries(client, db, django_assert_num_queries, events):
    for _ in range(events):
        small_event(places=2)

    with django_assert_num_queries(2):
        response = client.get(index_url())

    assert len(response.json()["events"]) == events


@pytest.mark.parametrize("places", [1, 12])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_current_file_queries(client, db, django_assert_num_queries, places, fmt):
    slug = small_event(places=places)

    with django_assert_num_queries(6):
        response = client.get(current_url(slug, fmt=fmt))

    assert response.status_code == 200


@pytest.mark.parametrize("versions", [1, 3])
@pytest.mark.parametrize("places", [1, 12])
def test_version_file_queries(client, db, django_assert_num_queries, versions, places):
    slug = small_event(places=places, versions=versions)

    with django_assert_num_queries(6):
        response = client.get(version_url(1, slug))

    assert len(places_of(response.json())) == places


def test_withdrawn_current_file_queries(client, db, django_assert_num_queries):
    slug = small_event(places=12)
    event_withdraw(event=EventFactory._meta.model.objects.get(slug=slug), reason="Diulang.")

    with django_assert_num_queries(2):
        response = client.get(current_url(slug))

    assert response.status_code == 410

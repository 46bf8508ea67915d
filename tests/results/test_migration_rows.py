"""Versions made before they were rows (results 0004-0006) get their rows from their JSON, with
every word, number and office as the JSON says it was printed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# awards too: the events it makes have no column awards 0015 adds.
BEFORE = [("results", "0003_score_breakdown_as_printed"), ("awards", "0014_places_lock")]
PUBLISHED_AT = datetime.datetime(2021, 11, 3, 2, 0, tzinfo=datetime.UTC)
APPEAL_DEADLINE = datetime.datetime(2021, 11, 10, 8, 0, tzinfo=datetime.UTC)
WITHDRAWN_AT = datetime.datetime(2021, 11, 6, 1, 30, tzinfo=datetime.UTC)
KELURAHAN = {"code": "kelurahan", "name": "Kelurahan", "prefix": "Kelurahan", "order": 2}
SKPD = {"code": "skpd", "name": "SKPD", "prefix": "", "order": 1}
CONTENT = {
    "schema": 1,
    "event": {
        "id": 0,
        "slug": "lama",
        "title": "Evaluasi Lama",
        "year": 2021,
        "held_on": "2021-11-02",
        "venue": "Balai Kota",
        "city": "Banjarmasin",
        "description": "Uraian",
        "notes": "Catatan",
        "place_word": "Juara",
        "place_numbering": "digits",
        "mention_word": "Harapan",
    },
    "signatories": [
        {"name": "H. Ibnu Sina", "title": "Walikota Banjarmasin"},
        {"name": "Arifin", "title": ""},
    ],
    "awards": [
        {
            "id": 7,
            "title": "Terbaik Pengelolaan Website",
            "order": 3,
            "channel": {"id": 0, "code": "website", "name": "Website"},
            "categories": [{"id": 11, "title": "Kelurahan", "places": 3, "mentions": 1, "order": 2}],
        }
    ],
    "extras": {"score_breakdown": []},
    "record": [],
}


def _place(office, parent, *, level, position, shared, score):
    return {
        "ranking_id": 99,
        "award_id": 7,
        "category_id": 11,
        "level": level,
        "position": position,
        "is_shared": shared,
        "score": score,
        "citation": "Aktif",
        "account_handle": "kel.pelambuan",
        "account_url": "https://pelambuan.example",
        "office": {
            "id": office.pk,
            "slug": office.slug,
            "name": office.name,
            "short_name": "",
            "logo": "logos/a.png",
            "kind": KELURAHAN,
            "parent": {"id": parent.pk, "slug": parent.slug, "name": parent.name, "kind": SKPD},
        },
    }


def make_old_versions(apps):
    """An event published twice before versions were rows (results 0003): version 1 (final, a
    place and a mention) and its correction 2 (provisional, then withdrawn), as JSON only.
    Returns the website channel."""
    Office = apps.get_model("offices", "Office")
    Channel = apps.get_model("offices", "Channel")
    parent = Office.objects.create(name="Kecamatan Banjarmasin Barat", kind_id="skpd", slug="kec-barat")
    office = Office.objects.create(
        name="Pelambuan", kind_id="kelurahan", slug="kelurahan-pelambuan", parent=parent
    )
    event = apps.get_model("awards", "EvaluationEvent").objects.create(
        slug="lama",
        title="Evaluasi Lama",
        year=2021,
        city="Banjarmasin",
        status="published",
        published_at=PUBLISHED_AT,
    )
    website = Channel.objects.get(code="website")
    content = {**CONTENT, "event": {**CONTENT["event"], "id": event.pk}}
    content["awards"][0]["channel"]["id"] = website.pk
    Version = apps.get_model("results", "PublishedVersion")
    version = Version.objects.create(
        event=event, number=1, status="final", content=content, published_at=PUBLISHED_AT, is_current=False
    )
    Place = apps.get_model("results", "VersionPlace")
    # A correction, provisional, then withdrawn; its one place kept its code (unchanged).
    correction = Version.objects.create(
        event=event,
        number=2,
        status="provisional",
        appeal_deadline=APPEAL_DEADLINE,
        reason="Ralat nama",
        changes=[{"type": "event", "field": "venue", "before": "Aula", "after": "Balai Kota"}],
        content={**content, "record": [{"number": 1, "reason": ""}]},
        published_at=PUBLISHED_AT + datetime.timedelta(days=2),
        published_by_name="sekretaris",
        withdrawn_at=WITHDRAWN_AT,
        withdrawn_reason="Keliru",
        withdrawn_by_name="ketua",
    )
    Place.objects.create(
        version=correction,
        office=office,
        channel=website,
        level=1,
        position=2,
        order=1,
        code="AAAA-BBB2",
        fingerprint="f" * 64,
        data=_place(office, parent, level=1, position=2, shared=True, score="87.50"),
    )
    for order, (level, position, shared, score) in enumerate(
        [(1, 2, True, "87.50"), (2, 1, False, None)], start=1
    ):
        Place.objects.create(
            version=version,
            office=office,
            channel=website,
            level=level,
            position=position,
            order=order,
            code=f"AAAA-BBB{order + 1}",
            fingerprint="f" * 64,
            data=_place(office, parent, level=level, position=position, shared=shared, score=score),
        )
    return website


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_old_versions_get_their_rows_from_their_json():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    website = make_old_versions(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    apps = executor.loader.project_state(leaves).apps
    version = apps.get_model("results", "PublishedVersion").objects.get(number=1)
    award = version.awards.get()
    category = award.categories.get()

    assert [
        getattr(version, name)
        for name in ("title", "year", "held_on", "venue", "city", "description", "notes", "place_word")
    ] == [
        "Evaluasi Lama",
        2021,
        datetime.date(2021, 11, 2),
        "Balai Kota",
        "Banjarmasin",
        "Uraian",
        "Catatan",
        "Juara",
    ]
    assert (version.place_numbering, version.mention_word, version.extras) == (
        "digits",
        "Harapan",
        {"score_breakdown": []},
    )
    assert list(version.signatories.values_list("name", "title", "order")) == [
        ("H. Ibnu Sina", "Walikota Banjarmasin", 1),
        ("Arifin", "", 2),
    ]
    assert (
        award.award_id,
        award.title,
        award.channel_id,
        award.channel_code,
        award.channel_name,
        award.award_order,
    ) == (
        7,
        "Terbaik Pengelolaan Website",
        website.pk,
        "website",
        "Website",
        3,
    )
    assert (
        category.category_id,
        category.title,
        category.places,
        category.mentions,
        category.category_order,
    ) == (
        11,
        "Kelurahan",
        3,
        1,
        2,
    )
    columns = (
        "category_id",
        "title",
        "is_shared",
        "score",
        "citation",
        "office_name",
        "office_slug",
        "office_logo",
        "kind_code",
        "kind_name",
        "kind_prefix",
        "parent_name",
        "parent_prefix",
        "account_handle",
        "code",
    )
    assert list(
        apps.get_model("results", "VersionPlace")
        .objects.filter(version=version)
        .order_by("order")
        .values_list(*columns)
    ) == [
        (
            category.pk,
            "Juara 2 (bersama)",
            True,
            Decimal("87.50"),
            "Aktif",
            "Pelambuan",
            "kelurahan-pelambuan",
            "logos/a.png",
            "kelurahan",
            "Kelurahan",
            "Kelurahan",
            "Kecamatan Banjarmasin Barat",
            "",
            "kel.pelambuan",
            "AAAA-BBB2",
        ),
        (
            category.pk,
            "Harapan 1",
            False,
            None,
            "Aktif",
            "Pelambuan",
            "kelurahan-pelambuan",
            "logos/a.png",
            "kelurahan",
            "Kelurahan",
            "Kelurahan",
            "Kecamatan Banjarmasin Barat",
            "",
            "kel.pelambuan",
            "AAAA-BBB3",
        ),
    ]

    correction = apps.get_model("results", "PublishedVersion").objects.get(number=2)
    assert (
        correction.status,
        correction.appeal_deadline,
        correction.reason,
        correction.changes,
        correction.is_current,
        correction.withdrawn_at,
        correction.withdrawn_reason,
        correction.withdrawn_by_name,
        correction.published_by_name,
        correction.title,
        correction.venue,
    ) == (
        "provisional",
        APPEAL_DEADLINE,
        "Ralat nama",
        [{"type": "event", "field": "venue", "before": "Aula", "after": "Balai Kota"}],
        True,
        WITHDRAWN_AT,
        "Keliru",
        "ketua",
        "sekretaris",
        "Evaluasi Lama",
        "Balai Kota",
    )
    assert list(
        correction.places.values_list(
            "code", "title", "office_name", "category__award__title", "category__title"
        )
    ) == [("AAAA-BBB2", "Juara 2 (bersama)", "Pelambuan", "Terbaik Pengelolaan Website", "Kelurahan")]
    # The tables carry results' own names now (results 0007), and awards' are gone.
    tables = set(connection.introspection.table_names())
    assert {"results_publishedversion", "results_versionplace"} <= tables
    assert not {"awards_publishedversion", "awards_versionplace"} & tables

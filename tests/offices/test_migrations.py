import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

NAMES_BEFORE = [("offices", "0004_former_names")]
NAMES_AFTER = KINDS_BEFORE = [("offices", "0005_names_without_kind_word")]
KINDS_AFTER = [("offices", "0006_office_kinds_as_data")]
NAMES_SLUGS = ["a", "b", "c", "d", "e"]
KINDS_SLUGS = ["f", "g"]

# What the migrations made of the offices, read once per process: both tests walk the same road
# (from zero to 0004, then through 0005 and 0006).
_READ: dict[str, list] = {}


def _names_before(apps) -> None:
    Office = apps.get_model("offices", "Office")
    # Saved as the old code stored them (the historical model has no save() rule).
    for name, kind, slug in [
        ("Kelurahan  Pelambuan", "kelurahan", "a"),
        ("Kelurahan Sungai Baru", "kelurahan", "b"),
        ("Sungai Baru", "kelurahan", "c"),
        ("Kelurahan Mawar", "skpd", "d"),
        ("Pekapuran Raya", "kelurahan", "e"),
    ]:
        Office.objects.create(name=name, kind=kind, slug=slug)


def _kinds_before(apps) -> None:
    Office, HistoricalOffice = (
        apps.get_model("offices", "Office"),
        apps.get_model("offices", "HistoricalOffice"),
    )
    for name, kind, slug in [("Dinas Kesehatan", "skpd", "f"), ("Basirih Selatan", "kelurahan", "g")]:
        office = Office.objects.create(name=name, kind=kind, slug=slug)
        HistoricalOffice.objects.create(
            id=office.pk,
            name=name,
            kind=kind,
            slug=slug,
            short_name="",
            is_active=True,
            created_at=office.created_at,
            updated_at=office.updated_at,
            history_date=office.updated_at,
            history_type="+",
        )


def _walk() -> dict[str, list]:
    executor = MigrationExecutor(connection)
    executor.migrate(NAMES_BEFORE)
    _names_before(executor.loader.project_state(NAMES_BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.migrate(NAMES_AFTER)
    apps = executor.loader.project_state(NAMES_AFTER).apps
    names = list(
        apps.get_model("offices", "Office")
        .objects.filter(slug__in=NAMES_SLUGS)
        .order_by("slug")
        .values_list("slug", "name")
    )
    _kinds_before(apps)

    executor = MigrationExecutor(connection)
    executor.migrate(KINDS_AFTER)
    new = executor.loader.project_state(KINDS_AFTER).apps
    kinds = list(
        new.get_model("offices", "OfficeKind").objects.values_list("code", "name", "prefix", "order")
    )
    offices = list(
        new.get_model("offices", "Office")
        .objects.filter(slug__in=KINDS_SLUGS)
        .order_by("slug")
        .values_list("slug", "kind_id", "kind__name")
    )
    history = list(
        new.get_model("offices", "HistoricalOffice").objects.order_by("slug").values_list("slug", "kind_id")
    )
    return {"names": names, "kinds": kinds, "offices": offices, "history": history}


# On an empty database (tests/conftest.py), migrated from zero as an installation of the time was.
@pytest.fixture
def walked(empty_database):
    if not _READ:
        _READ.update(_walk())
    return _READ


def test_names_migration_drops_the_kinds_word_unless_that_makes_a_duplicate(walked):
    assert walked["names"] == [
        ("a", "Pelambuan"),
        ("b", "Kelurahan Sungai Baru"),
        ("c", "Sungai Baru"),
        ("d", "Kelurahan Mawar"),
        ("e", "Pekapuran Raya"),
    ]


def test_kinds_migration_makes_kind_rows_and_offices_and_history_keep_their_kind(walked):
    assert sorted(walked["kinds"]) == [("kelurahan", "Kelurahan", "Kelurahan", 20), ("skpd", "SKPD", "", 10)]
    assert walked["offices"] == [("f", "skpd", "SKPD"), ("g", "kelurahan", "Kelurahan")]
    assert walked["history"] == [("f", "skpd"), ("g", "kelurahan")]

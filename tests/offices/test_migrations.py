import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("offices", "0004_former_names")]
AFTER = [("offices", "0005_names_without_kind_word")]


# A migration runs outside the test's transaction (SQLite's schema editor needs that); base_data
# makes the rows the data migrations made (channels, kinds, groups) after an earlier flush.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_names_migration_drops_the_kinds_word_unless_that_makes_a_duplicate():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    Office = executor.loader.project_state(BEFORE).apps.get_model("offices", "Office")
    # Saved as the old code stored them (the historical model has no save() rule).
    for name, kind, slug in [
        ("Kelurahan  Pelambuan", "kelurahan", "a"),
        ("Kelurahan Sungai Baru", "kelurahan", "b"),
        ("Sungai Baru", "kelurahan", "c"),
        ("Kelurahan Mawar", "skpd", "d"),
        ("Pekapuran Raya", "kelurahan", "e"),
    ]:
        Office.objects.create(name=name, kind=kind, slug=slug)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Office = executor.loader.project_state(AFTER).apps.get_model("offices", "Office")
    names = list(Office.objects.order_by("slug").values_list("slug", "name"))
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    assert names == [
        ("a", "Pelambuan"),
        ("b", "Kelurahan Sungai Baru"),
        ("c", "Sungai Baru"),
        ("d", "Kelurahan Mawar"),
        ("e", "Pekapuran Raya"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_kinds_migration_makes_kind_rows_and_offices_and_history_keep_their_kind():
    before, after = [("offices", "0005_names_without_kind_word")], [("offices", "0006_office_kinds_as_data")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Office, HistoricalOffice = (
        old.get_model("offices", "Office"),
        old.get_model("offices", "HistoricalOffice"),
    )
    for name, kind, slug in [("Dinas Kesehatan", "skpd", "a"), ("Pelambuan", "kelurahan", "b")]:
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

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    kinds = list(
        new.get_model("offices", "OfficeKind").objects.values_list("code", "name", "prefix", "order")
    )
    offices = list(
        new.get_model("offices", "Office")
        .objects.order_by("slug")
        .values_list("slug", "kind_id", "kind__name")
    )
    history = list(
        new.get_model("offices", "HistoricalOffice").objects.order_by("slug").values_list("slug", "kind_id")
    )
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    assert sorted(kinds) == [("kelurahan", "Kelurahan", "Kelurahan", 20), ("skpd", "SKPD", "", 10)]
    assert offices == [("a", "skpd", "SKPD"), ("b", "kelurahan", "Kelurahan")]
    assert history == [("a", "skpd"), ("b", "kelurahan")]

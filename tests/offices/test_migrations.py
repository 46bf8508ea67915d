import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("offices", "0004_former_names")]
AFTER = [("offices", "0005_names_without_kind_word")]


# A migration runs outside the test's transaction (SQLite's schema editor needs that); the rows
# the migrations made (channels, groups) are put back afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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

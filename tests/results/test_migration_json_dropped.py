"""results 0009 drops the versions' JSON: a database of the old shape keeps every version's
meaning (its pages print the words its JSON held), and a version whose rows do not hold what its
JSON says stops the migration before anything is dropped."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.results.test_demo_page import visible_lines
from tests.results.test_migration_rows import BEFORE, make_old_versions

BEFORE_DROP = [("results", "0008_event_tasks")]


def _column_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _page(path: str) -> list[str]:
    response = Client().get(path)
    assert response.status_code == 200, path
    return visible_lines(response.content.decode())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_versions_of_the_old_shape_print_the_same_words_after_the_json_is_dropped():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    make_old_versions(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    first = _page("/en/events/lama/v1/")
    second = _page("/en/events/lama/v2/")
    assert "content" not in _column_names("results_publishedversion")
    assert "data" not in _column_names("results_versionplace")
    # Version 1 as its JSON had it: the event's words, signatories, award, category, the place
    # (shared, with its office's kind word, parent, account and citation) and the mention.
    for line in [
        "Evaluation 2021",
        "Evaluasi Lama",
        "Tuesday, 2 November 2021",
        "Balai Kota",
        "Banjarmasin",
        "H. Ibnu Sina, Walikota Banjarmasin",
        "Uraian",
        "Catatan",
        "Terbaik Pengelolaan Website",
        "Category Kelurahan",
        "Juara 2 (bersama)",
        "Kelurahan Pelambuan",
        "Kecamatan Banjarmasin Barat",
        "Account on Website: kel.pelambuan",
        "Aktif",
        "Honourable mentions",
        "Harapan 1",
        "All-time table for Website",
    ]:
        assert line in first, line
    assert first.index("Juara 2 (bersama)") < first.index("Harapan 1")
    # Version 2 lists version 1 among its corrections (what the JSON's record held), then its own
    # reason and change, in words.
    assert "Version 1" in second
    assert "Version 2 (this page) — correction: Ralat nama" in second
    assert "Venue: Aula → Balai Kota" in second
    assert second.count("Juara 2 (bersama)") == 1 and "Harapan 1" not in second


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_rows_that_differ_from_their_json_stop_the_drop():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    make_old_versions(executor.loader.project_state(BEFORE).apps)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_DROP)
    Place = executor.loader.project_state(BEFORE_DROP).apps.get_model("results", "VersionPlace")
    Place.objects.filter(version__number=1, order=1).update(office_name="Kelurahan Lain")

    try:
        with pytest.raises(RuntimeError) as refused:
            MigrationExecutor(connection).migrate(leaves)
        kept = _column_names("results_publishedversion")
    finally:
        # Put right, so the database leaves this test at today's migrations.
        Place.objects.filter(version__number=1, order=1).update(office_name="Pelambuan")
        MigrationExecutor(connection).migrate(leaves)

    assert "version 1 of “lama”" in str(refused.value)
    assert "place 1 (code AAAA-BBB2)" in str(refused.value)
    assert "content" in kept

"""System checks for what the settings alone cannot show: the database cache's table.

Production without Redis keeps its cache in a table that `manage.py createcachetable` makes (it is
not a migration). Without it the site still serves, rendering every page from the database, but
nothing says why; ``check --deploy --database default`` says so, naming the command.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Error, Tags, register
from django.db import connections, router


def missing_cache_tables(databases=None) -> list[tuple[str, str, str]]:
    """(cache alias, table, database alias) for each database cache whose table is missing.

    Only the databases named are asked (all of them when ``databases`` is None).
    """
    missing = []
    for alias, config in settings.CACHES.items():
        if config["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
            continue
        cache = caches[alias]
        using = router.db_for_write(cache.cache_model_class)
        if databases is not None and using not in databases:
            continue
        connection = connections[using]
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if cache._table not in tables:
            missing.append((alias, cache._table, using))
    return missing


@register(Tags.caches, Tags.database, deploy=True)
def cache_table_exists(app_configs=None, databases=None, **kwargs) -> list[Error]:
    # Asks the database only when the check is told to (`--database default`), as Django's own
    # database checks do: `check --deploy` alone may run where no database is reachable.
    if not databases:
        return []
    return [
        Error(
            f"The cache table {table!r} of cache {alias!r} does not exist in database {using!r}.",
            hint="Run `manage.py createcachetable` (deploy/manage.sh createcachetable).",
            id="common.E001",
        )
        for alias, table, using in missing_cache_tables(databases)
    ]

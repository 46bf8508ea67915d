-- The row count and a checksum of every table, one line each: schema.table, rows, md5.
-- deploy/backup writes them into a backup's tables.tsv in the same snapshot as the dump, and
-- deploy/restore compares a restored database with them. The checksum is the md5 of the rows'
-- md5s in byte order, so it depends neither on the rows' physical order nor on the collation; the
-- settings fix how rows print, so two servers print the same row alike.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 3;
SET bytea_output = 'hex';
SELECT format(
           'SELECT %L, count(*), md5(coalesce(string_agg(md5(t::text), '''' ORDER BY md5(t::text) COLLATE "C"), '''')) FROM %I.%I AS t',
           n.nspname || '.' || c.relname, n.nspname, c.relname)
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY n.nspname, c.relname
\gexec

# shellcheck shell=bash disable=SC2030,SC2031  # as_app and as_admin set PG* in their own subshells
# What deploy/backup, deploy/restore and deploy/backup-drill share. Sourced by them, not run.
#
# Settings. The app's own come from the environment file only (the one the app and
# deploy/manage.sh read), so a backup always takes what the site really uses:
#   DATABASE_URL        the database and the app's role (its password included)
#   DJANGO_MEDIA_ROOT   the media folder (default: media/ in the app folder, as the settings say)
# The backup's own may also come from the environment, which wins over the file:
#   BACKUP_ROOT         where the dated backup folders are kept (/var/backups/smartcity-awards)
#   BACKUP_KEEP         how many of the newest backups deploy/backup keeps (14)
#   BACKUP_COPY_COMMAND run by bash after each backup with the new folder as $1 (see docs/deploy.md)
#   BACKUP_ADMIN_URL    how deploy/restore creates and drops databases: a postgres:// URL of a role
#                       that may; unset, as the postgres user over the local socket (peer
#                       authentication, which stock Debian sets up; it sets no postgres password)
# and SCA_ENV_FILE names the environment file (/etc/smartcity-awards/env).

APP=${APP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
SCA_ENV_FILE=${SCA_ENV_FILE:-/etc/smartcity-awards/env}
# A backup folder's name: its UTC time, and a suffix when two are made in the same second.
BACKUP_NAME_PATTERN='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z(-[0-9]+)?$'
# What a complete backup folder holds; SHA256SUMS is written last and lists the others.
BACKUP_FILES=(database.dump media.tar env tables.tsv media.sha256 info)

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

say() {
    echo "$(basename "$0"): $*"
}

# The value the environment file gives a variable, read by bash as deploy/manage.sh reads it, and
# nothing from this process's environment.
env_file_value() {
    # shellcheck disable=SC2016  # expanded by that bash
    env -i bash -c 'set -a; . "$1" >/dev/null; printf "%s" "${!2-}"' env-file "$SCA_ENV_FILE" "$1"
}

python_bin() {
    if [ -x "$APP/.venv/bin/python" ]; then echo "$APP/.venv/bin/python"; else echo python3; fi
}

# Shell assignments PREFIX_HOST, _PORT, _USER, _PASSWORD, _DB, _SSLMODE from a postgres:// URL
# (dj-database-url's form). The URL is taken apart rather than handed to pg_dump, whose command
# line (and the password in it) every local user can read in ps.
parse_database_url() {
    "$(python_bin)" - "$1" "$2" <<'PY'
import shlex
import sys
from urllib.parse import parse_qs, unquote, urlsplit

url, prefix = urlsplit(sys.argv[1]), sys.argv[2]
if url.scheme not in ("postgres", "postgresql", "pgsql", "postgis"):
    sys.exit(f"not a PostgreSQL URL ({url.scheme}://...)")
values = {
    "HOST": unquote(url.hostname or ""),
    "PORT": str(url.port or ""),
    "USER": unquote(url.username or ""),
    "PASSWORD": unquote(url.password or ""),
    "DB": unquote(url.path.lstrip("/")),
    "SSLMODE": parse_qs(url.query).get("sslmode", [""])[0],
}
for key, value in values.items():
    print(f"{prefix}_{key}={shlex.quote(value)}")
PY
}

load_settings() {
    [ -r "$SCA_ENV_FILE" ] || die "cannot read the environment file $SCA_ENV_FILE (set SCA_ENV_FILE)"
    DATABASE_URL=$(env_file_value DATABASE_URL)
    [ -n "$DATABASE_URL" ] || die "$SCA_ENV_FILE sets no DATABASE_URL"
    eval "$(parse_database_url "$DATABASE_URL" APP)" || die "DATABASE_URL in $SCA_ENV_FILE is not usable"
    if [ -z "$APP_USER" ] || [ -z "$APP_DB" ]; then
        die "DATABASE_URL in $SCA_ENV_FILE names no role or database"
    fi
    MEDIA_ROOT=$(env_file_value DJANGO_MEDIA_ROOT)
    MEDIA_ROOT=${MEDIA_ROOT:-$APP/media}
    local name
    for name in BACKUP_ROOT BACKUP_KEEP BACKUP_COPY_COMMAND BACKUP_ADMIN_URL; do
        [ -n "${!name-}" ] || printf -v "$name" '%s' "$(env_file_value "$name")"
    done
    BACKUP_ROOT=${BACKUP_ROOT:-/var/backups/smartcity-awards}
    BACKUP_KEEP=${BACKUP_KEEP:-14}
    [[ $BACKUP_KEEP =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a whole number of at least 1, not '$BACKUP_KEEP'"
    if [ -n "$BACKUP_ADMIN_URL" ]; then
        eval "$(parse_database_url "$BACKUP_ADMIN_URL" ADMIN)" || die "BACKUP_ADMIN_URL is not usable"
    fi
}

# Runs a libpq program (psql, pg_dump, pg_restore) connected as the app's role to database $1.
as_app() {
    local db=$1
    shift
    (
        unset PGSERVICE PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGPASSFILE PGSSLMODE PGDATABASE
        [ -z "$APP_HOST" ] || export PGHOST=$APP_HOST
        [ -z "$APP_PORT" ] || export PGPORT=$APP_PORT
        [ -z "$APP_PASSWORD" ] || export PGPASSWORD=$APP_PASSWORD
        [ -z "$APP_SSLMODE" ] || export PGSSLMODE=$APP_SSLMODE
        export PGUSER=$APP_USER PGDATABASE=$db
        exec "$@"
    )
}

# Runs a libpq program as a role that may create databases, connected to database $1.
as_admin() {
    local db=$1
    shift
    (
        unset PGSERVICE PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGPASSFILE PGSSLMODE PGDATABASE
        export PGDATABASE=$db
        if [ -n "$BACKUP_ADMIN_URL" ]; then
            [ -z "$ADMIN_HOST" ] || export PGHOST=$ADMIN_HOST
            [ -z "$ADMIN_PORT" ] || export PGPORT=$ADMIN_PORT
            [ -z "$ADMIN_USER" ] || export PGUSER=$ADMIN_USER
            [ -z "$ADMIN_PASSWORD" ] || export PGPASSWORD=$ADMIN_PASSWORD
            [ -z "$ADMIN_SSLMODE" ] || export PGSSLMODE=$ADMIN_SSLMODE
            exec "$@"
        fi
        # The same server as the app's, over its local socket, as postgres (peer authentication).
        [ -z "$APP_PORT" ] || export PGPORT=$APP_PORT
        cd /
        exec runuser -u postgres -- "$@"
    )
}

# psql with the settings every script wants: no ~/.psqlrc, stop at the first error, bare output.
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1)

# Writes the row count and a checksum of every table of database $1 (as the app's role) to
# stdout: "schema.table<TAB>rows<TAB>md5", sorted. The same query makes a backup's tables.tsv.
table_checksums() {
    as_app "$1" "${PSQL[@]}" -F $'\t' -f "$APP/deploy/backup-tables.sql" | LC_ALL=C sort
}

# The newest complete backup folder under BACKUP_ROOT, or nothing.
newest_backup() {
    list_backups | tail -n 1
}

# Complete backup folders under BACKUP_ROOT, oldest first (their names sort by time).
list_backups() {
    local dir
    [ -d "$BACKUP_ROOT" ] || return 0
    for dir in "$BACKUP_ROOT"/*/; do
        dir=${dir%/}
        [[ $(basename "$dir") =~ $BACKUP_NAME_PATTERN ]] && [ -f "$dir/SHA256SUMS" ] && echo "$dir"
    done | LC_ALL=C sort
}

# Refuses a backup folder whose files are not all there or not what SHA256SUMS says.
verify_backup() {
    local folder=$1 file
    [ -f "$folder/SHA256SUMS" ] || die "$folder is not a complete backup (no SHA256SUMS)"
    for file in "${BACKUP_FILES[@]}"; do
        grep -q "  $file\$" "$folder/SHA256SUMS" || die "$folder/SHA256SUMS does not list $file"
    done
    (cd "$folder" && sha256sum --check --strict --quiet SHA256SUMS) >&2 ||
        die "$folder: files do not match SHA256SUMS; this backup is damaged"
}

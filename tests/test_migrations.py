import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    # Exits with SystemExit(1) when makemigrations would write a file.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

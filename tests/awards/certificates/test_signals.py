import pytest

from awards import signals
from awards.models import Award, Category
from offices.models import OfficeKind

pytestmark = pytest.mark.django_db


def test_public_models_include_kinds_awards_and_categories():
    # Their rows print on pages and pictures; a change to one refreshes the cached pages.
    assert {OfficeKind, Award, Category} <= set(signals.PUBLIC_MODELS)

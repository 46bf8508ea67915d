import pytest

from awards import signals
from awards.models import Award, Category
from offices import signals as offices_signals
from offices.models import OfficeKind

pytestmark = pytest.mark.django_db


def test_public_models_include_kinds_awards_and_categories():
    # Their rows print on pages and pictures; a change to one refreshes the cached pages.
    assert {Award, Category} <= set(signals.PUBLIC_MODELS)
    assert OfficeKind in offices_signals.PUBLIC_MODELS

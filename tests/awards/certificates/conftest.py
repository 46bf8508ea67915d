import pytest

from tests.awards.certificates.shapes import Shapes, make_shapes


@pytest.fixture
def shapes(db) -> Shapes:
    return make_shapes()

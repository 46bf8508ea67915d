import pytest

from tests.results.certificates.shapes import Shapes, make_shapes


@pytest.fixture
def shapes(db) -> Shapes:
    return make_shapes()

import pytest

from tests.results.official.shapes import Shape, make_shape

SHAPE_NAMES = [
    "channel award, SKPD and Kelurahan",
    "PPID award, Harapan 1-3 and a mixed ranking",
    "five places, three categories, Kapanewon and Kalurahan",
]


@pytest.fixture(params=SHAPE_NAMES)
def shape(request, db) -> Shape:
    return make_shape(request.param)

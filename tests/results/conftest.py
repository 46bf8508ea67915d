# The published record is drawn from the committee's draft: the same seed and data sizes.
from tests.awards.conftest import data_size  # noqa: F401  (fixture)

"""The CRF component's tests run on one torch thread."""

import pytest

from tiny_models import one_torch_thread


@pytest.fixture(autouse=True, scope="package")
def _one_torch_thread():
    with one_torch_thread():
        yield

import pytest
from findings import finding_pipeline


@pytest.fixture(scope="package")
def context_nlp():
    return finding_pipeline("clinx_context")

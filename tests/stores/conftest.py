import pytest


@pytest.fixture(params=["falkordb"])
def store(request, tmp_path):
    """Every backend, fresh; the contract suite runs unchanged against each."""
    from kg.stores import open_store

    if request.param == "falkordb":
        location = str(tmp_path / "kg-data")
    s = open_store(location)
    yield s
    s.close()

import os
import socket

import pytest

from clinx_spacy.offline import NetworkAccessError, no_network


def test_no_network_refuses_connections_and_restores():
    before = os.environ.get("HF_HUB_OFFLINE")
    with no_network():
        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
        with pytest.raises(NetworkAccessError, match="network access attempted"):
            socket.create_connection(("127.0.0.1", 9))
        with pytest.raises(NetworkAccessError):
            socket.socket().connect(("127.0.0.1", 9))
    assert os.environ.get("HF_HUB_OFFLINE") == before
    assert socket.socket.connect is not None and "refuse" not in socket.socket.connect.__name__

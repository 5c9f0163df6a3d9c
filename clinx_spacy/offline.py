"""Guarantees that a pipeline loads and runs without reaching the network."""

import contextlib
import os
import socket
from typing import Iterator

OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


class NetworkAccessError(RuntimeError):
    pass


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Set the Hugging Face offline flags and make every socket connection fail loudly."""
    saved_env = {key: os.environ.get(key) for key in OFFLINE_ENV}
    os.environ.update(OFFLINE_ENV)
    saved = socket.socket.connect, socket.socket.connect_ex, socket.create_connection

    def refuse(*args, **kwargs):
        raise NetworkAccessError(f"network access attempted while offline: {args[1:] or kwargs}")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.create_connection = saved
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

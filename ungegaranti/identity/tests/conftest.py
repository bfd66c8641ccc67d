import pytest
import requests

from .broker import Backchannel


@pytest.fixture
def backchannel(monkeypatch) -> Backchannel:
    channel = Backchannel()
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", channel.send)
    return channel

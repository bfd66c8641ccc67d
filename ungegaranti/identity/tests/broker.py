"""Test helpers: the relying party's back-channel calls (discovery, token, JWKS) reach the local
providers of this test process through Django's test client, so the real protocol runs end to
end without a server. `tamper` lets a test replace the token response, as a hostile or broken
provider would."""

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from django.test import Client
from requests.structures import CaseInsensitiveDict


class Backchannel:
    def __init__(self) -> None:
        self.client = Client()
        self.tamper_token: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url or "")
        path = url.path + (f"?{url.query}" if url.query else "")
        if request.method == "POST":
            body = request.body.encode() if isinstance(request.body, str) else request.body
            answer = self.client.post(
                path, data=body, content_type=request.headers.get("Content-Type", "")
            )
        else:
            answer = self.client.get(path)
        content = answer.content
        if self.tamper_token and url.path.endswith("/token") and answer.status_code == 200:
            import json

            content = json.dumps(self.tamper_token(json.loads(content))).encode()
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = content
        response.headers = CaseInsensitiveDict(dict(answer.headers))
        response.url = request.url or ""
        response.request = request
        return response


def oidc_login(client: Client, *, code: str, route: str, persona: str, level: str = "Substantial"):
    """Click through start -> local provider -> callback; return the callback's response."""
    start = client.get(f"/log-ind/{code}/{route}/")
    assert start.status_code == 302, start
    authorize = urlsplit(start.url)
    params = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    page = client.get(f"{authorize.path}?{authorize.query}")
    assert page.status_code == 200
    answer = client.post(authorize.path, {**params, "persona": persona, "level": level})
    assert answer.status_code == 302, answer.content
    callback = urlsplit(answer.url)
    return client.get(f"{callback.path}?{callback.query}")

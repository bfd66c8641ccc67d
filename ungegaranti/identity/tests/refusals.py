"""What every refused login must show: a Danish page that says why (403), one access-log entry
naming the route and the reason (no user yet), and no session: neither a user nor a level."""

from django.test import Client

from ungegaranti.core.assurance import SESSION_KEY as LEVEL_KEY
from ungegaranti.core.models import AccessLogEntry


def assert_refused(client: Client, response, *, says: str, logged: str, municipality) -> None:
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="da">' in html and "Du er ikke logget ind" in html
    assert says in html, f"the page does not say {says!r}"
    assert "_auth_user_id" not in client.session and LEVEL_KEY not in client.session
    entries = list(AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED, user=None))
    assert len(entries) == 1, [e.purpose for e in entries]
    assert entries[0].municipality == municipality
    assert entries[0].purpose.startswith("Login afvist: ") and logged in entries[0].purpose, (
        entries[0].purpose
    )

"""Two-factor login (TOTP, django-otp) for local password accounts: which sessions need a code,
and the enrolment QR code, drawn here as SVG (no image service, nothing leaves the server).

A session that came through a broker (UNI-Login, MitID, MitID Erhverv, KOMBIT) has had its
second factor at the broker and is never asked. A password session (demo and break-glass
accounts) must give a TOTP code before any page when settings.LOCAL_LOGIN_TOTP_REQUIRED
(production), and always when the user is a superuser (break-glass administrator) or has set up
TOTP: the demo offers it without forcing it, so its personas still log in at once.
"""

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set at login by identity.views: "password" or the broker route's kind.
ROUTE_KEY = "login_route"
PASSWORD_ROUTE = "password"  # noqa: S105  (a route name, not a password)
PENDING_KEY_SESSION = "totp_pending_key"
# Set by the password login when the account needs a code, cleared when the code is given:
# the middleware reads the session, not the database, on every request.
CODE_OWED_KEY = "totp_owed"


def is_password_session(request: HttpRequest) -> bool:
    return request.session.get(ROUTE_KEY) == PASSWORD_ROUTE


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_required(user: Any) -> bool:
    """Must this user's password session give a code (set one up first if they have none)?"""
    return bool(
        settings.LOCAL_LOGIN_TOTP_REQUIRED
        or user.is_superuser
        or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def session_needs_code(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.session.get(CODE_OWED_KEY))


def code_matches(key_hex: str, token: str) -> bool:
    """Does the six-digit code fit the key now (one step of clock drift either way)?"""
    digits = token.strip().replace(" ", "")
    if not (digits.isdigit() and len(digits) == 6):
        return False
    totp = TOTP(bytes.fromhex(key_hex), step=30, digits=6)
    return bool(totp.verify(int(digits), tolerance=1))


def provisioning_uri(user: Any, key_hex: str) -> str:
    return TOTPDevice(user=user, key=key_hex, name=settings.OTP_TOTP_ISSUER).config_url


def secret_for_typing(key_hex: str) -> str:
    """The key as an authenticator app asks for it when it cannot scan: base32, in groups."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return str(image.to_string(encoding="unicode"))

"""Test keys for the local identity providers, generated on first use into var/local-idp/.

They sign tokens and assertions for development and tests only; a real deployment uses the
providers' own keys and its own system certificate (docs/identity.md)."""

import datetime
import os
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings


def key_dir() -> Path:
    path = Path(settings.VAR_DIR) / "local-idp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_once(path: Path, data: bytes) -> None:
    """Write atomically; if another process got there first, keep theirs."""
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def key_and_cert(name: str) -> tuple[Path, Path]:
    """(private key PEM, self-signed certificate PEM) for `name`, made on first call."""
    key_path, cert_path = key_dir() / f"{name}.key", key_dir() / f"{name}.crt"
    if not cert_path.exists():
        if not key_path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            _write_once(
                key_path,
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
            )
        loaded = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(loaded, rsa.RSAPrivateKey)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Ungegaranti lokal {name}")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(loaded.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .sign(loaded, hashes.SHA256())
        )
        _write_once(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path

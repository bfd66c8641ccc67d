"""English is a complete second language: the switch works, and the catalogue is whole and compiled.

The catalogue is locale/en/LC_MESSAGES/django.po (made with `makemessages -l en`) and its compiled
django.mo, which is committed because a fresh machine has no gettext tools. The catalogue tests
read both with the standard library only.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ungegaranti.core.roles import Role

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")


@pytest.fixture(autouse=True)
def _restore_language():
    """LocaleMiddleware activates English for the thread; leave the next test in Danish."""
    previous = translation.get_language()
    yield
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


def switch_to_english(client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_public_home_switches_from_danish_to_english(client, db):
    danish = client.get("/").content.decode()
    assert "Log ind" in danish
    assert "Garantipartnere" in danish

    switch_to_english(client)
    english = client.get("/").content.decode()

    assert '<html lang="en">' in english
    assert "Log in" in english
    assert "Guarantee partners" in english
    assert "Find a guarantee partner" in english
    for danish_text in ("Log ind", "Garantipartnere", "Find tilbud", "Forside", "Velkommen"):
        assert danish_text not in english


def test_secretariat_home_is_in_english(client_for):
    client = client_for(Role.SECRETARIAT)
    switch_to_english(client)
    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert "<h1>The Youth Secretariat</h1>" in page
    for english_text in ("Log out", "Access log", "Statistics", "Latest import", "Messages"):
        assert english_text in page
    for danish_text in ("Ungesekretariatet", "Log ud", "Adgangslog", "Seneste import", "Beskeder"):
        assert danish_text not in page


@pytest.mark.parametrize("role", list(Role))
def test_every_role_home_is_in_english(client_for, role):
    client = client_for(role)
    switch_to_english(client)
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Log out" in page
    assert "Log ud" not in page


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header first; obsolete `#~` entries left out)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def append(kind: str, index: int, text: str) -> None:
        assert entry is not None
        if kind == "msgid":
            entry.msgid += text
        elif kind == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        else:
            entry.msgstr[index] = entry.msgstr.get(index, "") + text

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: a string continues nothing"
            append(*target, ast.literal_eval(line))
        else:
            keyword, _, text = line.partition(" ")
            match = re.fullmatch(r"(msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", keyword)
            assert match, f"{path}:{number}: unexpected line {line!r}"
            target = (match.group(1), int(match.group(2) or 0))
            append(*target, ast.literal_eval(text))
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    entries = parse_po(PO)
    assert entries[0].msgid == "", "the .po must start with its header"
    return entries


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    header, *messages = po_entries
    assert len(messages) > 100
    assert "fuzzy" not in header.flags
    assert "Language: en" in header.msgstr[0]
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in messages
        if not e.msgstr
        or not all(e.msgstr.values())
        or (e.msgid_plural is not None and sorted(e.msgstr) != [0, 1])
    ]
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in messages if "fuzzy" in e.flags]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_translations_keep_the_placeholders(po_entries):
    broken = []
    for e in po_entries[1:]:
        wanted = set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
        got = set(PLACEHOLDER.findall("".join(e.msgstr.values())))
        if wanted != got:
            broken.append(f"line {e.line}: {e.msgid!r} has {sorted(wanted)}, not {sorted(got)}")
    assert not broken, "\n".join(broken)


def test_compiled_mo_matches_the_po(po_entries):
    """A stale django.mo (the .po changed, compilemessages not rerun) fails here."""
    with MO.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    stale = []
    for e in po_entries[1:]:
        if e.msgid_plural is None:
            if catalog.gettext(e.msgid) != e.msgstr[0]:
                stale.append(e.msgid)
        elif (
            catalog.ngettext(e.msgid, e.msgid_plural, 1) != e.msgstr[0]
            or catalog.ngettext(e.msgid, e.msgid_plural, 2) != e.msgstr[1]
        ):
            stale.append(e.msgid)
    assert not stale, (
        "django.mo is older than django.po; run `manage.py compilemessages -l en "
        "--ignore=.venv`:\n" + "\n".join(repr(s) for s in stale)
    )

"""Find English in a page meant to be Danish: the words only English has, in the visible text
(used by the pages' Danish tests of every app)."""

import re
from html import unescape

# Words of English that Danish does not use (checked as whole words, in any case).
ENGLISH = (
    "the",
    "and",
    "of",
    "with",
    "is",
    "are",
    "not",
    "this",
    "your",
    "please",
    "enter",
    "required",
    "field",
    "submit",
    "save",
    "search",
    "cancel",
    "delete",
    "error",
    "wish",
    "wishes",
    "offer",
    "offers",
    "eligible",
    "names",
    "repeats",
    "locked",
    "page",
    "home",
    "login",
    "logout",
    "password",
    "username",
    "next",
    "previous",
    "none",
    "yes",
    "no",
)
WORD = re.compile(r"[A-Za-zÆØÅæøå]+")


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    return unescape(re.sub(r"(?s)<[^>]+>", " ", html))


def english_words(html: str) -> set[str]:
    return {w for w in WORD.findall(visible_text(html)) if w.lower() in ENGLISH}

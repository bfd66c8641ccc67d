"""Small pieces of Danish wording used on the round pages: possessives and short offer names."""

from django.utils.translation import get_language

from ungegaranti.marketplace.models import Offer

# Titles of erhvervspraktik offers often repeat the kind ("Erhvervspraktik som mekaniker"); in a
# round every offer is one, so lists and choices show the rest ("Mekaniker").
_REDUNDANT_PREFIXES = (
    "erhvervspraktik som ",
    "erhvervspraktik: ",
    "erhvervspraktik – ",
    "erhvervspraktik - ",
)


def genitive(name: str) -> str:
    """A name in the genitive: Danish adds "s", but only an apostrophe after s, x and z
    ("Oles", "Agnes'", "Max'", "Fritz'"); English adds "'s"."""
    name = name.strip()
    if not name:
        return name
    if (get_language() or "da").startswith("en"):
        return f"{name}'s"
    if name[-1].lower() in "sxz":
        return f"{name}'"
    return f"{name}s"


def short_title(title: str) -> str:
    """The title without a leading "Erhvervspraktik som", capitalised."""
    lowered = title.lower()
    for prefix in _REDUNDANT_PREFIXES:
        if lowered.startswith(prefix) and len(title) > len(prefix):
            rest = title[len(prefix) :].strip()
            return rest[:1].upper() + rest[1:]
    return title


def offer_name(offer: Offer, town: str = "") -> str:
    """An offer told apart from others of the same job: "Mekaniker – Larsen & Toft, Hjørring"."""
    name = f"{short_title(offer.title)} – {offer.partner.name}"
    return f"{name}, {town}" if town else name

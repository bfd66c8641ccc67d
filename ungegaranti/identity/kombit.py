"""KOMBIT Fælleskommunal Adgangsstyring: the privileges in a SAML assertion (OIOSAML Basic
Privilege Profile) and how they map onto our roles.

The Context Handler sends the user's privileges as a base64-encoded PrivilegeList: each
PrivilegeGroup has a Scope (the municipality's CVR), one or more Privilege elements (the
job-function role's URI) and Constraint elements (the data restriction, here the UUID of a school
or a school district).
"""

import base64
import binascii
from dataclasses import dataclass

from defusedxml import ElementTree

from ungegaranti.core.roles import Role

from .config import Route

PRIVILEGES_ATTRIBUTES = (
    "https://data.gov.dk/model/core/eid/privilegesIntermediate",
    "dk:gov:saml:attribute:Privileges_intermediate",
)
ROLE_PREFIX = "https://ungegaranti.dk/roller/"
ORGANISATION_CONSTRAINT = "https://ungegaranti.dk/dataafgraensning/organisation"
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"

# The job-function roles a municipality creates in FK Administration, and ours they map to,
# in the order that decides when a person holds more than one.
DEFAULT_ROLES: dict[str, Role] = {
    f"{ROLE_PREFIX}sekretariat": Role.SECRETARIAT,
    f"{ROLE_PREFIX}ungevejleder": Role.GUIDANCE_COUNSELLOR,
    f"{ROLE_PREFIX}praktikkoordinator": Role.WORK_EXPERIENCE_COORDINATOR,
    f"{ROLE_PREFIX}karrierevejleder": Role.CAREER_COUNSELLOR,
    f"{ROLE_PREFIX}forsker": Role.RESEARCHER,
    f"{ROLE_PREFIX}politiker": Role.POLITICIAN,
}


@dataclass(frozen=True)
class Privilege:
    role_uri: str
    scope: str
    organisations: tuple[str, ...]


class PrivilegeListError(ValueError):
    pass


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def privileges_parse(encoded: str) -> list[Privilege]:
    """Decode one PrivilegeList attribute value; raise PrivilegeListError if it is no such list."""
    try:
        xml = base64.b64decode(encoded, validate=True)
        root = ElementTree.fromstring(xml)
    except (binascii.Error, ValueError, ElementTree.ParseError) as error:
        raise PrivilegeListError("not a base64 PrivilegeList") from error
    if _local(root.tag) != "PrivilegeList":
        raise PrivilegeListError("not a PrivilegeList")
    found: list[Privilege] = []
    for group in root:
        if _local(group.tag) != "PrivilegeGroup":
            continue
        organisations = tuple(
            (c.text or "").strip()
            for c in group
            if _local(c.tag) == "Constraint" and c.get("Name") == ORGANISATION_CONSTRAINT
        )
        for element in group:
            if _local(element.tag) == "Privilege" and element.text:
                found.append(Privilege(element.text.strip(), group.get("Scope", ""), organisations))
    return found


def privileges_encode(privileges: list[Privilege]) -> str:
    """The inverse, for the local IdP and tests."""
    groups = []
    for p in privileges:
        constraints = "".join(
            f'<Constraint Name="{ORGANISATION_CONSTRAINT}">{o}</Constraint>'
            for o in p.organisations
        )
        groups.append(
            f'<PrivilegeGroup Scope="{p.scope}"><Privilege>{p.role_uri}</Privilege>{constraints}</PrivilegeGroup>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">'
        + "".join(groups)
        + "</bpp:PrivilegeList>"
    )
    return base64.b64encode(xml.encode()).decode()


def role_for(*, route: Route, privileges: list[Privilege]) -> tuple[Role, Privilege] | None:
    """The first of our roles (in DEFAULT_ROLES' order) the person holds for this municipality."""
    mapping = {
        uri: Role(value) for uri, value in route.options.get("roles", {}).items()
    } or DEFAULT_ROLES
    cvr = route.options.get("cvr")
    usable = [p for p in privileges if not cvr or p.scope == f"{CVR_SCOPE_PREFIX}{cvr}"]
    for uri, role in mapping.items():
        for privilege in usable:
            if privilege.role_uri == uri:
                return role, privilege
    return None

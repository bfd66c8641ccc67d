"""Writes in the core app: users with their role and scope, the access log and the audit
trail."""

from typing import Any
from uuid import uuid4

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from .audit import audit_action
from .masking import mask_cpr
from .models import AccessLogEntry, AuditEvent, Municipality, User
from .roles import Role

USER_CREATE = audit_action("core.user.create", _("Login oprettet"))
USER_UNI_ID_SET = audit_action("core.user.uni_id_set", _("UNI-ID registreret"))
USER_SESSIONS_END = audit_action("core.user.sessions_end", _("Logget ud på alle enheder"))


def _keeps_users_of(acting_user: User | None, municipality_id: int | None) -> bool:
    """Logins of a municipality are kept by its secretariat; acting_user None is the system
    (the demo builder, a command, the login flow on an identity a broker vouched for)."""
    return acting_user is None or (
        acting_user.role == Role.SECRETARIAT
        and acting_user.municipality_id is not None
        and acting_user.municipality_id == municipality_id
    )


def role_groups_ensure() -> dict[str, Group]:
    """Create the ten role groups if missing; return them by role value."""
    return {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: Role,
    municipality: Municipality | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    teaching_classes: Any = (),
    acting_user: User | None,
    **scope: Any,
) -> User:
    """Create a login with its role group and data scope (district, school, partner, ...).
    The secretariat creates logins in its own municipality, never an administrator."""
    if not _keeps_users_of(acting_user, municipality.pk if municipality else None):
        raise PermissionDenied
    if acting_user is not None and (scope.get("is_superuser") or scope.get("is_staff")):
        raise PermissionDenied
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        email=email,
        first_name=first_name,
        last_name=last_name,
        **scope,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(role_groups_ensure()[role.value])
    if teaching_classes:
        user.teaching_classes.set(teaching_classes)
    audit_record(actor=acting_user, action=USER_CREATE, obj=user, changes={"role": role.value})
    return user


@transaction.atomic
def user_role_set(*, user: User, role: Role, teaching_classes: Any = None, **scope: Any) -> User:
    """Give a login a new role and scope (e.g. from the identity provider at each login): the
    old scope fields are cleared, the role group replaced."""
    for name in ("district", "school", "partner", "young_person"):
        setattr(user, name, scope.pop(name, None))
    for name, value in scope.items():
        setattr(user, name, value)
    user.role = role
    user.full_clean()
    user.save()
    groups = role_groups_ensure()
    user.groups.remove(*[g for value, g in groups.items() if value != role.value])
    user.groups.add(groups[role.value])
    if teaching_classes is not None:
        user.teaching_classes.set(teaching_classes)
    return user


@transaction.atomic
def user_uni_id_set(*, user: User, uni_id: str, acting_user: User | None) -> User:
    """Record a school employee's UNI-ID, which links their UNI-Login to this user. The
    secretariat of the user's municipality does it (acting_user None: the system)."""
    if not _keeps_users_of(acting_user, user.municipality_id):
        raise PermissionDenied
    before = user.uni_id
    user.uni_id = uni_id.strip()
    user.full_clean()
    user.save(update_fields=["uni_id"])
    audit_record(
        actor=acting_user,
        action=USER_UNI_ID_SET,
        obj=user,
        changes={"uni_id": [before, user.uni_id]},
    )
    return user


@transaction.atomic
def user_sessions_end(*, user: User, acting_user: User | None) -> User:
    """Log the user out everywhere ("log ud overalt"): a new session salt changes the auth hash
    that every one of their sessions carries, so the next request of each finds no user. The
    user does it themself, or the secretariat of their municipality (a lost phone)."""
    if acting_user is not None and acting_user.pk != user.pk:
        if not _keeps_users_of(acting_user, user.municipality_id):
            raise PermissionDenied
    user.session_salt = uuid4()
    user.save(update_fields=["session_salt"])
    audit_record(actor=acting_user, action=USER_SESSIONS_END, obj=user)
    return user


def access_log_record(
    *,
    user: User,
    action: AccessLogEntry.Action,
    purpose: str,
    young_person: Any = None,
    search_term: str = "",
    path: str = "",
) -> AccessLogEntry:
    """Append one entry to the access log. CPR-like digits in a search term are masked."""
    term = mask_cpr(search_term.strip())[:200]  # the log says a CPR was searched, never which
    return AccessLogEntry.objects.create(
        municipality=user.municipality,
        user=user,
        username=user.username,
        role=user.role,
        action=action,
        young_person=young_person,
        search_term=term,
        purpose=str(purpose)[:200],
        path=path[:300],
    )


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Model,
    changes: dict[str, Any] | None = None,
    municipality: Municipality | None = None,
) -> AuditEvent:
    """Append one event to the audit trail, inside the caller's transaction so that the change
    and its record stand or fall together. actor None is the system (a command, a scheduled
    job). The municipality defaults to the object's own."""
    if municipality is None:
        municipality = getattr(obj, "municipality", None)
        if municipality is None and actor is not None:
            municipality = actor.municipality
    public_id = getattr(obj, "uuid", None) or obj.pk
    return AuditEvent.objects.create(
        municipality=municipality,
        actor=actor,
        actor_username=actor.username if actor else "",
        actor_role=actor.role if actor else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(public_id),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )


def access_log_login_refused(
    *, municipality: Municipality | None, route: str, reason: str, path: str = ""
) -> AccessLogEntry:
    """Log a refused login (bad token, no match, missing data restriction): there is no user
    yet, so the entry names the route. `reason` must never hold a CPR or a token."""
    return AccessLogEntry.objects.create(
        municipality=municipality,
        user=None,
        username=f"({route})"[:150],
        role="",
        action=AccessLogEntry.Action.DENIED,
        purpose=mask_cpr(f"Login afvist: {reason}")[:200],
        path=path[:300],
    )

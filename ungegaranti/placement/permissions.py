"""Who may do what with a work-experience round. Out of scope is always 404.

The `can_<verb>_<entity>` policies are asked by every write service in services.py (a view may
ask too, to show or hide a button, but the service's check is the one that counts) and by the
views and templates instead of comparing roles. They answer for a logged-in user; a service
called with acting_user None is the system (a command, the demo builder) and is not asked.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.permissions import has_role, is_staff_role
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass, SchoolDistrict, YoungPerson
from ungegaranti.people.permissions import get_young_person_for_user_or_404
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from .models import Agreement, Campaign, Invitation, OwnPlace, Placement, Round, Run
from .selectors import round_includes, rounds_visible_to

# Roles that may enter wishes: the pupil, their teacher, and the round's managers.
WISH_ROLES = (
    Role.YOUNG_PERSON,
    Role.TEACHER,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.SECRETARIAT,
)
MANAGER_ROLES = (Role.WORK_EXPERIENCE_COORDINATOR, Role.SECRETARIAT)
CLASS_LIST_ROLES = (
    Role.TEACHER,
    Role.CAREER_COUNSELLOR,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.SECRETARIAT,
)


# --- policies -------------------------------------------------------------------------------


def can_manage_round(user: User, round: Round) -> bool:
    """The round's managers: the secretariat of its municipality, or the coordinator of its
    district (a whole-municipality round is the secretariat's alone)."""
    if not user.is_authenticated or user.municipality_id != round.municipality_id:
        return False
    if has_role(user, Role.SECRETARIAT):
        return True
    return bool(
        has_role(user, Role.WORK_EXPERIENCE_COORDINATOR)
        and user.district_id
        and user.district_id == round.district_id
    )


def can_choose_round_district(user: User) -> bool:
    """The secretariat picks a round's district (or the whole municipality); a coordinator's
    rounds are always for their own district."""
    return has_role(user, Role.SECRETARIAT)


def can_create_round(user: User, district: SchoolDistrict | None) -> bool:
    """A coordinator opens rounds for their own district; the secretariat for any district of
    its municipality or (district None) the whole municipality."""
    if has_role(user, Role.SECRETARIAT):
        return district is None or district.municipality_id == user.municipality_id
    return bool(
        has_role(user, Role.WORK_EXPERIENCE_COORDINATOR)
        and user.district_id
        and district is not None
        and district.pk == user.district_id
    )


def can_set_round_offers(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_open_round(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_close_round(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_reopen_round(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_set_lock(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_create_run(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_publish_round(user: User, round: Round) -> bool:
    return can_manage_round(user, round)


def can_start_campaign(user: User, round: Round) -> bool:
    """A seat campaign: the round's managers, until the round is published."""
    return can_manage_round(user, round) and round.status != Round.Status.PUBLISHED


def can_remind_campaign(user: User, campaign: Campaign) -> bool:
    return can_manage_round(user, campaign.round)


def can_answer_invitation(user: User | AnonymousUser, invitation: Invitation) -> bool:
    """A campaign link is answered by whoever holds it (the contact it was mailed to), logged
    out or logged in as a contact of the invited company; another login (another company's
    contact, staff) is refused: the link is not theirs to use. The link itself is checked by
    `campaigns.invitation_from_token`."""
    if not user.is_authenticated:
        return True
    assert isinstance(user, User)
    return bool(
        has_role(user, Role.PARTNER_CONTACT)
        and user.partner_id == invitation.partner_id
        and user.municipality_id == invitation.municipality_id
    )


def can_propose_own_place(user: User, round: Round, young_person: YoungPerson) -> bool:
    """A place the pupil found: the pupil themself, or a guardian of a pupil under 18 (the
    guardian's scope, young_people_visible_to), while the round is open or closed."""
    if round.status not in (Round.Status.OPEN, Round.Status.CLOSED):
        return False
    if not user.is_authenticated or user.municipality_id != young_person.municipality_id:
        return False
    if has_role(user, Role.YOUNG_PERSON):
        return user.young_person_id == young_person.pk
    if has_role(user, Role.GUARDIAN):
        return young_people_visible_to(user=user).filter(pk=young_person.pk).exists()
    return False


def can_decide_own_place(user: User, own_place: OwnPlace) -> bool:
    return can_manage_round(user, own_place.round)


# The parties of a praktikaftale and their confirmations.
COMPANY, GUARDIAN, PUPIL = "company", "guardian", "pupil"


def _agreement_partner_id(agreement: Agreement) -> int | None:
    ro = agreement.placement.round_offer
    return ro.offer.partner_id if ro is not None else None


def can_view_agreement(user: User, agreement: Agreement) -> bool:
    """The pupil, a guardian (of a pupil under 18), the pupil's teachers and the staff who see
    the pupil (young_people_visible_to), and the contacts of the company the pupil is placed
    at (a guarantee partner's offer)."""
    if not user.is_authenticated or user.municipality_id != agreement.municipality_id:
        return False
    if has_role(user, Role.PARTNER_CONTACT):
        return bool(user.partner_id and user.partner_id == _agreement_partner_id(agreement))
    if has_role(user, Role.WORK_EXPERIENCE_COORDINATOR, Role.SECRETARIAT):
        return can_manage_round(user, agreement.placement.round)
    if has_role(user, Role.YOUNG_PERSON, Role.GUARDIAN, Role.TEACHER):
        return (
            young_people_visible_to(user=user)
            .filter(pk=agreement.placement.young_person_id)
            .exists()
        )
    return False


def agreement_party(user: User | AnonymousUser, agreement: Agreement) -> str | None:
    """Which party's confirmation a login gives: the pupil's own, a guardian's (only a
    guardian of this pupil, while under 18), the company's (a contact of the partner the pupil
    is placed at). None for anyone else."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    if user.municipality_id != agreement.municipality_id:
        return None
    person_id = agreement.placement.young_person_id
    if has_role(user, Role.YOUNG_PERSON):
        return PUPIL if user.young_person_id == person_id else None
    if has_role(user, Role.GUARDIAN):
        visible = young_people_visible_to(user=user).filter(pk=person_id).exists()
        return GUARDIAN if visible else None
    if has_role(user, Role.PARTNER_CONTACT):
        same = bool(user.partner_id and user.partner_id == _agreement_partner_id(agreement))
        return COMPANY if same else None
    return None


def can_confirm_agreement(user: User | AnonymousUser, agreement: Agreement, party: str) -> bool:
    return agreement_party(user, agreement) == party


def can_remind_agreement(user: User, agreement: Agreement) -> bool:
    return can_manage_round(user, agreement.placement.round)


def can_record_attendance(user: User, placement: Placement) -> bool:
    """Days and incidents of a published placement: the contacts of the company (a partner's
    offer), the pupil's teachers and the round's managers (who register for a company without
    a login, e.g. an own place)."""
    if not user.is_authenticated or user.municipality_id != placement.municipality_id:
        return False
    if placement.round.status != Round.Status.PUBLISHED or placement.via == Placement.Via.UNPLACED:
        return False
    if has_role(user, Role.PARTNER_CONTACT):
        ro = placement.round_offer
        return bool(user.partner_id and ro is not None and ro.offer.partner_id == user.partner_id)
    if has_role(user, Role.TEACHER):
        return young_people_visible_to(user=user).filter(pk=placement.young_person_id).exists()
    return can_manage_round(user, placement.round)


def can_report_incident(user: User, placement: Placement) -> bool:
    return can_record_attendance(user, placement)


def can_set_wishes(user: User, round: Round, young_person: YoungPerson) -> bool:
    """The pupil themselves, a teacher of the pupil's class, or the round's managers."""
    if not user.is_authenticated or user.municipality_id != young_person.municipality_id:
        return False
    if has_role(user, Role.YOUNG_PERSON):
        return user.young_person_id == young_person.pk
    if has_role(user, Role.TEACHER):
        return young_people_visible_to(user=user).filter(pk=young_person.pk).exists()
    return can_manage_round(user, round)


def can_view_teacher_overview(user: User) -> bool:
    return has_role(user, Role.TEACHER)


def can_view_partner_list(user: User, round: Round, partner: GuaranteePartner) -> bool:
    """A partner's list of a published round: the partner's own contacts and the round's
    managers."""
    if partner.municipality_id != round.municipality_id:
        return False
    if has_role(user, Role.PARTNER_CONTACT):
        return user.partner_id == partner.pk
    return can_manage_round(user, round)


def is_own_record(user: User, young_person: YoungPerson) -> bool:
    """The young person looks at their own page (wording "din", "dine")."""
    return bool(user.is_authenticated and user.young_person_id == young_person.pk)


# --- fetching protected objects --------------------------------------------------------------


def get_round_for_user_or_404(*, user: User, uuid: UUID | str) -> Round:
    """A round the user manages (coordinator: own district; secretariat: municipality)."""
    round = rounds_visible_to(user=user).filter(uuid=uuid).first()
    if round is None:
        raise Http404
    return round


def get_campaign_for_user_or_404(*, user: User, uuid: UUID | str) -> Campaign:
    """A campaign of a round the user manages."""
    campaign = (
        Campaign.objects.filter(uuid=uuid, round__in=rounds_visible_to(user=user))
        .select_related("round")
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def get_own_place_target_or_404(
    *, request: HttpRequest, round_uuid: UUID | str, person_uuid: UUID | str
) -> tuple[Round, YoungPerson]:
    """The round and the pupil (own, or a guardian's child) an own place may be proposed for."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=person_uuid, purpose="Erhvervspraktik: egen plads"
    )
    round = Round.objects.filter(uuid=round_uuid, municipality_id=person.municipality_id).first()
    if round is None or not round_includes(round=round, young_person=person):
        raise Http404
    return round, person


def get_own_place_for_user_or_404(*, user: User, uuid: UUID | str) -> OwnPlace:
    """An own place of a round the user manages."""
    own = (
        OwnPlace.objects.filter(uuid=uuid, round__in=rounds_visible_to(user=user))
        .select_related("round", "young_person")
        .first()
    )
    if own is None:
        raise Http404
    return own


def get_agreement_for_user_or_404(*, user: User, uuid: UUID | str) -> Agreement:
    agreement = (
        Agreement.objects.filter(uuid=uuid)
        .select_related(
            "placement__round",
            "placement__young_person__school",
            "placement__young_person__school_class",
            "placement__round_offer__offer__partner",
            "placement__own_place",
        )
        .first()
    )
    if agreement is None or not can_view_agreement(user, agreement):
        raise Http404
    return agreement


def get_placement_for_attendance_or_404(*, user: User, uuid: UUID | str) -> Placement:
    placement = (
        Placement.objects.filter(uuid=uuid)
        .select_related(
            "round", "young_person__school_class", "round_offer__offer__partner", "own_place"
        )
        .first()
    )
    if placement is None or not can_record_attendance(user, placement):
        raise Http404
    return placement


def get_run_for_user_or_404(*, user: User, uuid: UUID | str) -> Run:
    run = (
        Run.objects.filter(uuid=uuid, round__in=rounds_visible_to(user=user))
        .select_related("round")
        .first()
    )
    if run is None:
        raise Http404
    return run


def get_wish_target_or_404(
    *, request: HttpRequest, round_uuid: UUID | str, person_uuid: UUID | str
) -> tuple[Round, YoungPerson]:
    """The round and the pupil whose wishes the user may enter: their own (pupil), a pupil of
    their classes (teacher), or any pupil of a round they manage. The look is logged for staff."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=person_uuid, purpose="Erhvervspraktik: ønsker"
    )
    round = (
        Round.objects.filter(uuid=round_uuid, municipality_id=person.municipality_id)
        .exclude(status=Round.Status.DRAFT)
        .first()
    )
    if round is None or not round_includes(round=round, young_person=person):
        raise Http404
    return round, person


def get_round_pupil_for_user_or_404(
    *, request: HttpRequest, round: Round, uuid: UUID | str
) -> YoungPerson:
    """A pupil of a round the user manages, fetched (and the look logged) through the young
    person's own access check; a pupil outside the round is 404 as well."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose="Erhvervspraktik: låst placering"
    )
    if not round_includes(round=round, young_person=person):
        raise Http404
    return person


def get_class_for_user_or_404(*, user: User, uuid: UUID | str) -> SchoolClass:
    school_class = classes_visible_to(user=user).filter(uuid=uuid).first()
    if school_class is None:
        raise Http404
    return school_class


def get_published_round_or_404(*, user: User, uuid: UUID | str) -> Round:
    """A published round in the user's municipality (its lists are then scoped per list)."""
    if user.municipality_id is None:
        raise Http404
    round = Round.objects.filter(
        uuid=uuid, municipality_id=user.municipality_id, status=Round.Status.PUBLISHED
    ).first()
    if round is None:
        raise Http404
    if has_role(user, *MANAGER_ROLES) and not can_manage_round(user, round):
        raise Http404
    return round


def get_partner_list_or_404(
    *, user: User, round: Round, uuid: UUID | str
) -> tuple[GuaranteePartner, bool]:
    """The partner whose list of this round the user may download, and whether the download
    is staff reading pupils' data (then the caller logs it)."""
    partner = GuaranteePartner.objects.filter(
        uuid=uuid, municipality_id=round.municipality_id
    ).first()
    if partner is None or not can_view_partner_list(user, round, partner):
        raise Http404
    return partner, is_staff_role(user)


def results_view_log(*, user: User, round: Round, path: str) -> None:
    """The managers' look at the round's pupils with their results: one access-log entry per
    view (not one per pupil)."""
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Praktikrundens elever og resultater"),
        search_term=round.name,
        path=path,
    )

# Run by ops/drill.py with `manage.py shell -c` against the drill's own database: a closed
# work-experience round of the demo municipality (grade 8, every district), every pupil with
# three wishes, and the allocation job queued. Prints the job's uuid last.
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.placement.selectors import round_pupils
from ungegaranti.placement.services import (
    round_close,
    round_create,
    round_offers_set,
    round_open,
    runs_create_enqueue,
    wishes_set,
)
from ungegaranti.plans.models import ActivityKind

rng = random.Random(860)
secretariat = User.objects.filter(role=Role.SECRETARIAT).first()
municipality = secretariat.municipality
today = timezone.localdate()
start, end = today + timedelta(days=40), today + timedelta(days=44)
area = PostalArea.objects.get(code="9800")
with transaction.atomic():
    offers = []
    for i, partner in enumerate(GuaranteePartner.objects.filter(municipality=municipality)[:60]):
        offer = Offer.objects.create(
            municipality=municipality,
            partner=partner,
            type=ActivityKind.WORK_EXPERIENCE,
            title=f"Øvelsespraktik {i}",
            description="Drill.",
            sector="C",
            address="Vej 1",
            postal_code="9800",
            latitude=area.latitude,
            longitude=area.longitude,
            min_age=13,
            max_age=17,
            min_grade=7,
            max_grade=9,
            suits_support_needs=True,
            contact_name="Drill",
            contact_email="drill@example.org",
            status=Offer.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        OfferPeriod.objects.create(
            municipality=municipality, offer=offer, start_date=start, end_date=end, seats=8
        )
        offers.append(offer)
    round = round_create(
        acting_user=secretariat,
        name="Øvelse: fordeling",
        grades=[8],
        start_date=start,
        end_date=end,
        wish_deadline_date=today + timedelta(days=20),
    )
    round_offers_set(round=round, seats={o.uuid: 8 for o in offers}, acting_user=secretariat)
    round = round_open(round=round, acting_user=secretariat)
    round_offers = list(round.round_offers.all())
    for person in round_pupils(round=round):
        wishes_set(
            round=round,
            young_person=person,
            round_offers=rng.sample(round_offers, 3),
            acting_user=secretariat,
        )
    round = round_close(round=round, acting_user=secretariat)
job = runs_create_enqueue(round=round, acting_user=secretariat)
print(round_pupils(round=round).count(), "pupils")
print(job.uuid)

"""Applications that came to nothing are deleted a period after their last change; those that
became an activity stay with the record."""

from datetime import timedelta

from django.utils import timezone

from ungegaranti.core.retention import KINDS, retention_report
from ungegaranti.marketplace.models import Application
from ungegaranti.marketplace.services.applications import application_accept, application_decline

from .helpers import published_offer, sixteen_year_old_application

KIND = "marketplace.application_ended"


def test_the_dry_run_lists_exactly_the_ended_applications_past_their_period(world, partner_user):
    period = KINDS[KIND].default_days
    offer = published_offer(world, seats=5, min_grade=None, max_grade=None)
    old_declined = sixteen_year_old_application(world, offer, serial=80)
    application_decline(application=old_declined, acting_user=partner_user, reason="NO_SEATS")
    new_declined = sixteen_year_old_application(world, offer, serial=81)
    application_decline(application=new_declined, acting_user=partner_user, reason="NO_SEATS")
    old_accepted = sixteen_year_old_application(world, offer, serial=82)
    application_accept(application=old_accepted, acting_user=partner_user)
    # their last change, set back in time (updated_at is the ORM's own clock)
    long_ago = timezone.now() - timedelta(days=period + 1)
    Application.objects.filter(pk__in=[old_declined.pk, old_accepted.pk]).update(
        updated_at=long_ago
    )
    line = next(
        line for line in retention_report(municipality=world.municipality) if line.kind.code == KIND
    )
    assert line.expired_pks == [old_declined.pk]

from io import StringIO

from django.core.management import call_command

from ungegaranti.demo.marketplace import HEAVY_SECTORS, LIGHT_JOBS, demo_offers_build
from ungegaranti.marketplace.models import Application, Offer
from ungegaranti.marketplace.rules import working_time_violations


def test_demo_offers_and_applications_in_every_status(world, settings):
    result = demo_offers_build(
        municipality=world.municipality, seed=860, offers=80, applications=60
    )
    assert result.offers == Offer.objects.filter(municipality=world.municipality).count() == 80
    published = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    assert published.count() > 60
    assert {o.type for o in published} >= {"WORK_EXPERIENCE", "LEISURE_JOB", "COMPANY_VISIT"}
    # Every demo offer keeps the rules for minors, drafts too: none is refused for breaking them.
    assert all(working_time_violations(o) == [] for o in Offer.objects.all())
    assert Offer.objects.filter(under_13_observation=True, min_age=12).exists()
    # After-school jobs open to pupils are light work a 13-year-old may do (at the café, not as
    # its cook); the machine factory's are for those who have finished 9th grade.
    after_school = Offer.objects.filter(type__in=["LEISURE_JOB", "INTRO_JOB"])
    for offer in after_school:
        if offer.light_work:
            assert offer.sector not in HEAVY_SECTORS
            assert any(offer.title.endswith(f"som {job}") for job in LIGHT_JOBS[offer.sector])
        else:
            assert offer.for_school_leavers and offer.min_age >= 15
    assert after_school.filter(light_work=True, min_age=13).exists()
    assert after_school.filter(light_work=False).exists()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values), statuses
    # the command refuses a second run, or skips with --if-empty
    settings.DEMO_DATA_ALLOWED = True
    out = StringIO()
    call_command("demo_marketplace", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()

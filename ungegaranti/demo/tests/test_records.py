from io import StringIO

from django.core.management import call_command

from ungegaranti.demo.records import demo_records_build
from ungegaranti.destinations.models import DestinationDefinition, DestinationStatus, FollowUp
from ungegaranti.plans.models import Activity, ClassActivity


def test_demo_records_through_the_services(world, settings):
    result = demo_records_build(municipality=world.municipality, seed=860)
    definition = DestinationDefinition.objects.get(municipality=world.municipality)
    assert definition.version == 1 and definition.effective_date.isoformat() == "2019-05-29"
    assert result.class_activities == ClassActivity.objects.count()
    # The demo pupil (grade 8) has a record from 0. klasse: 24 activities a year before this one.
    assert result.pupil_history == 8 * 24
    assert Activity.objects.filter(young_person=world.pupil_a).count() >= 8 * 24
    assert Activity.objects.filter(young_person=world.pupil_a).exclude(reflection_after="").exists()
    # Carl (22, out of school) has a status or is unknown to the platform.
    statuses = DestinationStatus.objects.filter(young_person=world.adult)
    assert statuses.exists()
    assert FollowUp.objects.get(young_person=world.adult).current_status == statuses.first().status
    settings.DEMO_DATA_ALLOWED = True
    out = StringIO()
    call_command("demo_records", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()

"""Sample URL arguments for the authorization-matrix test (see docs/permissions.md)."""

from ungegaranti.core.roles import Role

from .helpers import an_event, an_item


def _item(world):
    return {"uuid": an_item(world).uuid}


def _event(world):
    return {"uuid": an_event(world, grades=[8]).uuid}


def _partner_row(world):
    from ungegaranti.calendar.services import event_partner_add

    event = an_event(world)
    row = event_partner_add(
        event=event,
        partner=world.partner_a,
        contribution="Stand",
        acting_user=world.users[Role.SECRETARIAT],
    )
    return {"uuid": event.uuid, "pk": row.pk}


def _signup(world):
    from ungegaranti.calendar.services import signup_class

    signup = signup_class(
        event=an_event(world), school_class=world.class_a, acting_user=world.users[Role.TEACHER]
    )
    return {"uuid": signup.uuid}


def _feed(world):
    from ungegaranti.calendar.services.feeds import feed_token_create

    return {
        "token": feed_token_create(
            acting_user=world.users[Role.SECRETARIAT], scope="PERSONAL"
        ).token
    }


def _feed_uuid(world):
    from ungegaranti.calendar.services.feeds import feed_token_create

    return {
        "uuid": feed_token_create(acting_user=world.users[Role.SECRETARIAT], scope="PERSONAL").uuid
    }


URL_SAMPLES = {
    "calendar:event_detail": _event,
    "calendar:event_signup_class": _event,
    "calendar:event_signup_self": _event,
    "calendar:event_partner_add": _event,
    "calendar:event_partner_remove": _partner_row,
    "calendar:signup_cancel": _signup,
    "calendar:feed": _feed,
    "calendar:feed_renew": _feed_uuid,
    "calendar:item_detail": _item,
    "calendar:item_edit": _item,
    "calendar:item_delete": _item,
}

# The body of a real write for the POST table (ungegaranti/portal/tests/test_post_permissions.py),
# where an empty POST would be turned away as bad input before the role is asked.
POST_DATA = {
    "calendar:event_signup_class": lambda world: {"klasse": str(world.class_a.uuid)},
    "calendar:event_partner_add": lambda world: {
        "partner": str(world.partner_a.uuid),
        "contribution": "Stand",
    },
}

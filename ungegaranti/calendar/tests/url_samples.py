"""Sample URL arguments for the authorization-matrix test (see docs/permissions.md)."""

from .helpers import an_item


def _item(world):
    return {"uuid": an_item(world).uuid}


URL_SAMPLES = {
    "calendar:item_detail": _item,
    "calendar:item_edit": _item,
    "calendar:item_delete": _item,
}

"""Writes of the marketplace, one module per entity: offers, periods, applications (and class
bookings).

Every write service asks its policy in marketplace/permissions.py and raises PermissionDenied
when refused, and records an audit event in the same transaction. `acting_user=None` is the
system (a management command, the demo builder, an import run by a background job): it is
allowed, and its events name no actor.
"""

"""Who may do what with in-app messages: each person handles only their own."""

from django.contrib.auth.models import AnonymousUser

from ungegaranti.core.models import User


def can_mark_read_notifications(user: User | AnonymousUser, recipient: User) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.pk == recipient.pk

from django.urls import path

from .views import events, feeds, items

app_name = "calendar"

urlpatterns = [
    path("aarshjul/", items.wheel_view, name="wheel"),
    path("aarshjul/liste/", items.item_list, name="item_list"),
    path("aarshjul/nyt/", items.item_create, name="item_create"),
    path("aarshjul/skoleaar/", items.year_review, name="year_review"),
    path("aarshjul/skoleaar/kopier/", items.year_copy_forward, name="year_copy_forward"),
    path("aarshjul/skoleaar/offentliggoer/", items.year_publish, name="year_publish"),
    path("aarshjul/<uuid:uuid>/", items.item_detail, name="item_detail"),
    path("aarshjul/<uuid:uuid>/ret/", items.item_edit, name="item_edit"),
    path("aarshjul/<uuid:uuid>/slet/", items.item_delete, name="item_delete"),
    path("arrangementer/nyt/", events.event_create_view, name="event_create"),
    path("arrangementer/<uuid:uuid>/", events.event_detail, name="event_detail"),
    path(
        "arrangementer/<uuid:uuid>/tilmeld-klasse/",
        events.event_signup_class,
        name="event_signup_class",
    ),
    path("arrangementer/<uuid:uuid>/tilmeld/", events.event_signup_self, name="event_signup_self"),
    path(
        "arrangementer/<uuid:uuid>/partnere/",
        events.event_partner_add_view,
        name="event_partner_add",
    ),
    path(
        "arrangementer/<uuid:uuid>/partnere/<int:pk>/fjern/",
        events.event_partner_remove_view,
        name="event_partner_remove",
    ),
    path("tilmeldinger/<uuid:uuid>/afmeld/", events.signup_cancel_view, name="signup_cancel"),
    path("kalender/", feeds.feed_list, name="feed_list"),
    path("kalender/ny/", feeds.feed_create, name="feed_create"),
    path("kalender/<uuid:uuid>/forny/", feeds.feed_renew, name="feed_renew"),
    path("kalender/<str:token>.ics", feeds.feed, name="feed"),
]

from django.urls import path

from . import views

app_name = "placement"
urlpatterns = [
    path("praktikrunder/", views.round_list, name="round_list"),
    path("praktikrunder/ny/", views.round_create_view, name="round_create"),
    path("praktikrunder/<uuid:uuid>/", views.round_detail, name="round_detail"),
    path("praktikrunder/<uuid:uuid>/tilbud/", views.round_offers, name="round_offers"),
    path("praktikrunder/<uuid:uuid>/status/", views.round_status, name="round_status"),
    path("praktikrunder/<uuid:uuid>/elever/", views.round_pupils_view, name="round_pupils"),
    path("praktikrunder/<uuid:uuid>/laas/", views.lock_set_view, name="lock_set"),
    path("praktikrunder/<uuid:uuid>/koer/", views.run_create_view, name="run_create"),
    path("praktikrunder/<uuid:uuid>/offentliggoer/", views.round_publish_view, name="publish"),
    path(
        "praktikrunder/<uuid:uuid>/oensker/<uuid:person_uuid>/",
        views.wishes_edit,
        name="wishes_edit",
    ),
    path(
        "praktikrunder/<uuid:uuid>/partner/<uuid:partner_uuid>/liste.<str:fmt>",
        views.partner_list,
        name="partner_list",
    ),
    path(
        "praktikrunder/<uuid:uuid>/klasse/<uuid:class_uuid>/liste.<str:fmt>",
        views.class_list,
        name="class_list",
    ),
    path("praktikrunder/koersel/<uuid:uuid>/", views.run_detail, name="run_detail"),
    path("praktikrunder/koersel/<uuid:uuid>/instans.json", views.run_instance, name="run_instance"),
    path("praktikrunder/koersel/<uuid:uuid>/resultat.json", views.run_result, name="run_result"),
    path("praktikrunder/<uuid:uuid>/kampagne/", views.campaign_start_view, name="campaign_start"),
    path("praktikrunder/kampagne/<uuid:uuid>/", views.campaign_detail, name="campaign_detail"),
    path(
        "praktikrunder/kampagne/<uuid:uuid>/paamind/",
        views.campaign_remind_view,
        name="campaign_remind",
    ),
    path("erhvervspraktik/pladser/<str:token>/", views.invitation_answer, name="invitation_answer"),
    path(
        "min-erhvervspraktik/<uuid:uuid>/egen-plads/<uuid:person_uuid>/",
        views.own_place_propose_view,
        name="own_place_propose",
    ),
    path("praktikrunder/<uuid:uuid>/egne-pladser/", views.own_place_list, name="own_place_list"),
    path(
        "praktikrunder/egen-plads/<uuid:uuid>/afgoer/",
        views.own_place_decide_view,
        name="own_place_decide",
    ),
    path("erhvervspraktik/aftale/<uuid:uuid>/", views.agreement_detail, name="agreement_detail"),
    path(
        "erhvervspraktik/aftale/<uuid:uuid>/praktikaftale.pdf",
        views.agreement_pdf_view,
        name="agreement_pdf",
    ),
    path(
        "erhvervspraktik/aftale/<uuid:uuid>/bekraeft/",
        views.agreement_confirm_view,
        name="agreement_confirm",
    ),
    path(
        "erhvervspraktik/aftale/<uuid:uuid>/paamind/",
        views.agreement_remind_view,
        name="agreement_remind",
    ),
    path(
        "erhvervspraktik/aftale/link/<str:token>/",
        views.agreement_company_link,
        name="agreement_company_link",
    ),
    path(
        "erhvervspraktik/placering/<uuid:uuid>/fremmoede/",
        views.attendance_edit,
        name="attendance_edit",
    ),
    path("erhvervspraktik/dage/", views.days_short_list, name="days_short_list"),
    path("min-erhvervspraktik/", views.my_work_experience, name="my_work_experience"),
    path("erhvervspraktik/klasser/", views.teacher_overview, name="teacher_overview"),
    path("erhvervspraktik/praktikanter/", views.partner_lists, name="partner_lists"),
]

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("unge/<uuid:uuid>/", views.young_person_detail, name="young_person_detail"),
    path("unge/<uuid:uuid>/tilbagehold/", views.young_person_hold, name="young_person_hold"),
    path("mit-forloeb/", views.my_record, name="my_record"),
    path("unge/<uuid:uuid>/forloeb/", views.record, name="record"),
    path("unge/<uuid:uuid>/forloeb/ny-aktivitet/", views.activity_new, name="activity_new"),
    path("forloeb/aktivitet/<uuid:uuid>/", views.activity_detail, name="activity_detail"),
    path("min-plan/", views.my_plan, name="my_plan"),
    path("unge/<uuid:uuid>/plan/", views.plan, name="plan"),
    path("unge/<uuid:uuid>/plan/min-plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("unge/<uuid:uuid>/plan/overgang/", views.transition, name="transition"),
    path("uddannelse-og-job/", views.career_progress, name="career_progress"),
    path("uddannelse-og-job/klasse/<uuid:uuid>/", views.class_activities, name="class_activities"),
    path("uddannelse-og-job/maal/", views.career_setting, name="career_setting"),
]

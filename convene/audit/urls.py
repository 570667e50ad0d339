from django.urls import path

from convene.audit import views

urlpatterns = [
    path("cases/<int:case_id>/viewers/", views.record_views, name="record_views"),
    path("cases/<int:case_id>/history/", views.case_history, name="case_history"),
]

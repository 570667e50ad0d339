from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from convene.api import views

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="api-case")
router.register("children", views.ChildViewSet, basename="api-child")
router.register("contacts", views.ContactViewSet, basename="api-contact")
router.register("concerns", views.ConcernsViewSet, basename="api-concerns")
router.register(
    "strategy-discussions", views.StrategyDiscussionViewSet, basename="api-strategy-discussion"
)
router.register(
    "section-47-enquiries", views.Section47EnquiryViewSet, basename="api-section-47-enquiry"
)
router.register(
    "initial-conferences", views.InitialConferenceViewSet, basename="api-initial-conference"
)
router.register("conferences", views.ConferenceViewSet, basename="api-conference")
router.register("plans", views.PlanViewSet, basename="api-plan")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from convene.health import healthz
from convene.people.signin import SignInForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("convene.work.urls")),
    path("", include("convene.cases.urls")),
    path("", include("convene.strategy.urls")),
    path("", include("convene.enquiries.urls")),
    path("", include("convene.conferences.urls")),
    path("", include("convene.plans.urls")),
    path("", include("convene.audit.urls")),
    path("", include("convene.exports.urls")),
    path("", include("convene.people.urls")),
    path("api/", include("convene.api.urls")),
]

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from clinic.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("consent/", views.consent, name="consent"),
    path(
        "password-change/", views.PasswordChangeView.as_view(), name="password-change"
    ),
    path("email-change/", views.change_email, name="email-change"),
    path("email-change/cancel/", views.cancel_email_change, name="email-change-cancel"),
    path("email-change/<str:token>/", views.confirm_email, name="email-confirm"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password-reset-done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]

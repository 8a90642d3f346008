from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from iop.accounts import views
from iop.accounts.forms import LoginForm, PasswordResetForm

app_name = "accounts"
urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password-change-done")),
        name="password-change",
    ),
    path("losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path(
        "aterstall/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password-reset-done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password-reset",
    ),
    path("aterstall/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password-reset-complete")),
        name="password-reset-confirm",
    ),
    path("aterstall/klart/", auth_views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("e-post/", views.notice_settings, name="notice-settings"),
    path("anvandare/", views.user_list, name="user-list"),
    path("logg/", views.access_log, name="access-log"),
    path("anvandare/ny/", views.user_create, name="user-create"),
    path("anvandare/<int:pk>/", views.user_update, name="user-update"),
]

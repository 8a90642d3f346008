from django.contrib import admin
from django.urls import include, path

from iop.accounts.views import back_office_login

urlpatterns = [
    path("", include("iop.core.urls")),
    path("konto/", include("iop.accounts.urls")),
    path("register/", include("partners.urls")),
    path("overenskommelser/", include("agreements.urls")),
    path("ekonomi/", include("finance.urls")),
    path("", include("followup.urls")),
    # Before the back office's own login, which it replaces (see back_office_login).
    path("admin/login/", back_office_login),
    path("admin/", admin.site.urls),
]

handler400 = "iop.core.views.bad_request"
handler403 = "iop.core.views.permission_denied"
handler404 = "iop.core.views.page_not_found"
handler500 = "iop.core.views.server_error"

from django.contrib import admin
from django.urls import include, path

from iop.accounts.views import back_office_login

# The back office takes no password of its own: its login sends to the application's.
admin.site.login = back_office_login

urlpatterns = [
    path("", include("followup.desk.urls")),
    path("konto/", include("iop.accounts.urls")),
    path("register/", include("partners.urls")),
    path("overenskommelser/", include("agreements.urls")),
    path("ekonomi/", include("finance.urls")),
    path("", include("followup.urls")),
    path("offentligt/", include("followup.public.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "iop.core.views.bad_request"
handler403 = "iop.core.views.permission_denied"
handler404 = "iop.core.views.page_not_found"
handler500 = "iop.core.views.server_error"

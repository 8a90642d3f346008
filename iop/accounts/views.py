from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from iop.accounts import access, services
from iop.accounts.forms import NoticeChoicesForm, UserForm
from iop.accounts.models import NOTICES_BY_ROLE, AccessEvent, AccessKind, User
from iop.core.forms import apply_errors


def back_office_login(request):
    """The back office has no login of its own: it sits behind the application's, so that
    one throttle governs every way in (iop.accounts.forms.LoginForm). It takes no password."""
    if admin.site.has_permission(request):
        return redirect("admin:index")
    if request.user.is_authenticated:
        # Logged in but not an administrator: the application's login would send them
        # straight back here, round and round.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


@login_required
def user_list(request):
    if not access.can(request.user, access.VIEW, User):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    users = access.visible(request.user, User).prefetch_related("committees", "organisations")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return render(request, "accounts/user_list.html", {"users": users, "query": query})


LOG_ROWS = 200


@login_required
def access_log(request):
    """Logins, failed logins, password-reset requests and refused access, newest first: for
    administrators."""
    if not access.can(request.user, access.VIEW, AccessEvent):
        raise PermissionDenied
    events = access.visible(request.user, AccessEvent).select_related("user", "target_type")
    kind = request.GET.get("kind", "")
    if kind in AccessKind.values:
        events = events.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        events = events.filter(Q(username__icontains=query) | Q(address__startswith=query))
    return render(
        request,
        "accounts/access_log.html",
        {"events": events[:LOG_ROWS], "kinds": AccessKind.choices, "kind": kind, "query": query, "rows": LOG_ROWS},
    )


@login_required
def user_create(request):
    if not access.can(request.user, access.CREATE, User):
        raise PermissionDenied
    form = UserForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            services.user_send_welcome(user=user, request=request)
            messages.success(
                request, _("The user %(user)s was created and sent an e-mail to choose a password.") % {"user": user}
            )
            return redirect("accounts:user-list")
    return render(
        request, "form.html", {"form": form, "title": _("New user"), "cancel_url": reverse("accounts:user-list")}
    )


@login_required
def user_update(request, pk):
    user = access.access(request.user, access.CHANGE, User, pk=pk)
    form = UserForm(request.POST or None, instance=user, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.user, user=User.objects.get(pk=pk), **form.service_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The user %(user)s was saved.") % {"user": user})
            return redirect("accounts:user-list")
    return render(
        request,
        "form.html",
        {"form": form, "title": _("Edit user %(user)s") % {"user": user}, "cancel_url": reverse("accounts:user-list")},
    )


@login_required
def notice_settings(request):
    """Which status e-mails the user gets: every kind their role can get, unless turned off here."""
    role = request.user.role
    turned_off = set(request.user.notice_opt_outs.values_list("kind", flat=True))
    initial = {"kinds": [kind.value for kind in NOTICES_BY_ROLE[role] if kind not in turned_off]}
    # Bound on every POST: a form with every box unticked posts nothing but its token.
    form = NoticeChoicesForm(request.POST if request.method == "POST" else None, initial=initial, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_choices_save(by=request.user, user=request.user, kinds=form.cleaned_data["kinds"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your choice of e-mails was saved."))
            return redirect("accounts:notice-settings")
    intro = _("IOP e-mails you when something you work on moves on. Choose which of these e-mails you get.")
    if not request.user.email:
        intro += " " + _("Your account has no e-mail address, so no e-mails are sent to you.")
    return render(request, "form.html", {"form": form, "title": _("E-mails from IOP"), "intro": intro})

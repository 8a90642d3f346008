"""The start page: what concerns this user first."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Value
from django.shortcuts import render
from django.utils import timezone

from agreements.models import Agreement
from followup.desk import attention, getting_started
from iop.accounts import access
from iop.accounts.models import Role, User
from partners.models import Committee, Organisation


@login_required
def start(request):
    """Each role's start page: what concerns this user first."""
    user = request.user
    role = access.role_of(user)
    context = {"role": role}
    if role == Role.PARTNER:
        context["organisations"] = access.visible(user, Organisation)
        context.update(_agreements_and_attention(user, access.visible(user, Agreement)))
    elif role == Role.PLANNER:
        context["committees"] = user.committees.select_related("municipality")
        context.update(_agreements_and_attention(user, access.working_on(user, Agreement)))
    else:
        context["attention"] = attention.items_for(user)
    if role == Role.ADMINISTRATOR:
        context["getting_started"] = getting_started.steps(user)
        context["counts"] = _register_counts(user)
        context["organisations_without_number"] = Organisation.objects.filter(org_number__isnull=True, active=True)
    elif role == Role.VIEWER:
        context["committees"] = access.visible(user, Committee).filter(active=True)
    context["attention_groups"] = attention.grouped(context["attention"])
    return render(request, "followup/desk/start.html", context)


def _agreements_and_attention(user, agreements):
    """The user's agreements that have not ended, and what needs attention: both from one
    load of the agreements (the attention items read the signed ones)."""
    today = timezone.localdate()
    rows = attention.not_ended(user, agreements, today)
    return {"agreements": rows, "attention": attention.items_for(user, today, agreements=attention.in_force(rows))}


def _register_counts(user):
    """{"organisations": n, "committees": n, "users": n (active)} in one query: the shared
    organisations, the committees and users the administrator sees (their municipality's)."""

    def counted(queryset, what):
        # A constant is left out of GROUP BY: one row per table, also when the table is empty.
        return (
            queryset.order_by()
            .annotate(what=Value(what))
            .values("what")
            .annotate(n=Count("pk"))
            .values_list("what", "n")
        )

    organisations = counted(Organisation.objects.all(), "organisations")
    return dict(
        organisations.union(
            counted(access.visible(user, Committee), "committees"),
            counted(access.visible(user, User).filter(is_active=True), "users"),
            all=True,
        )
    )

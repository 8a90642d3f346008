"""The follow-up of an agreement: its rules and the meetings they plan, the meeting records
with their minutes and action items, and the parties' own material.

Everyone who may read the agreement reads its follow-up (a partner only their own
agreements'; to others it does not exist); those who may change the agreement keep it.
Each view: access check → form → one call to followup.meetings.services → redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from agreements.state import state, with_state
from followup.meetings import services as meetings
from followup.meetings.forms import (
    ActionItemForm,
    FollowUpMeetingForm,
    FollowUpRuleForm,
    MaterialForm,
    partner_organisations,
)
from followup.meetings.models import ActionItem, FollowUpMeeting, MeetingKind
from followup.meetings.planning import planned_meetings, years_without_follow_up
from iop.accounts import access
from iop.core.forms import apply_errors, run_service
from iop.core.redirects import posted_next

HELD, OVERDUE, TO_COME = "held", "overdue", "to_come"


def _agreement(request, pk, action=access.VIEW):
    return access.access(request.user, action, with_state(Agreement.objects.all()), pk=pk)


def _meeting(request, pk, action=access.VIEW):
    queryset = FollowUpMeeting.objects.select_related("agreement")
    return access.access(request.user, action, queryset, pk=pk)


# --- The follow-up page: rules, plan, meetings -----------------------------------------------


def _follow_up_page(request, agreement, rule_form=None):
    today = timezone.localdate()
    may_change = access.can(request.user, access.CHANGE, agreement)
    rules = list(agreement.follow_up_rules.all())
    held = list(agreement.meetings.all())
    plan = planned_meetings(agreement, rules=rules, meetings=held, today=today)
    start, end = state(agreement).period or (None, None)
    years = range(start.year, min(end.year, today.year) + 1) if start else []
    context = {
        "agreement": agreement,
        "start": start,
        "end": end,
        "may_change": may_change,
        "rules": [(rule, ", ".join(str(MONTHS[number]) for number in rule.month_numbers)) for rule in rules],
        "rule_form": (rule_form or FollowUpRuleForm()) if may_change else None,
        "plan": [(item, HELD if item.held else OVERDUE if item.overdue(today) else TO_COME) for item in plan],
        "missing_years": years_without_follow_up(agreement, today=today, rules=rules, meetings=held),
        "meetings": held,
        "yearly": [(year, reverse("followup:yearly", args=[agreement.pk, year])) for year in reversed(years)],
    }
    return render(request, "followup/meetings/follow_up.html", context)


@login_required
def follow_up(request, agreement_pk):
    return _follow_up_page(request, _agreement(request, agreement_pk))


@login_required
@require_POST
def rule_save(request, agreement_pk):
    agreement = _agreement(request, agreement_pk, access.CHANGE)
    form = FollowUpRuleForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: meetings.rule_save(by=request.user, agreement=agreement, **form.cleaned_data)
    ):
        messages.success(request, _("The rule was saved."))
        return redirect("followup:follow-up", agreement_pk=agreement.pk)
    return _follow_up_page(request, agreement, rule_form=form)


@login_required
def rule_remove(request, agreement_pk, pk):
    """Asks first (GET), removes on the confirming POST."""
    agreement = _agreement(request, agreement_pk, access.CHANGE)
    rule = get_object_or_404(agreement.follow_up_rules, pk=pk)
    if request.method == "POST":
        meetings.rule_remove(by=request.user, rule=rule)
        messages.success(request, _("The rule was removed."))
        return redirect("followup:follow-up", agreement_pk=agreement.pk)
    return render(request, "followup/meetings/rule_confirm_remove.html", {"agreement": agreement, "rule": rule})


# --- Recording a meeting ---------------------------------------------------------------------


def _meeting_form_page(request, form, title, agreement, cancel_url):
    context = {"form": form, "title": title, "agreement": agreement, "cancel_url": cancel_url}
    return render(request, "form.html", context)


def _initial(request, agreement):
    """A new meeting: today, and the kind (from the plan's link) with the convener of its rule."""
    kind = request.GET.get("kind")
    initial = {"date": timezone.localdate()}
    if kind in MeetingKind.values:
        initial["kind"] = kind
        rule = agreement.follow_up_rules.filter(kind=kind).first()
        if rule:
            initial["convened_by"] = rule.convened_by
    return initial


@login_required
def meeting_create(request, agreement_pk):
    agreement = _agreement(request, agreement_pk, access.CHANGE)
    form = FollowUpMeetingForm(
        request.POST or None, initial=_initial(request, agreement), period=state(agreement).period
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_save(by=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("followup:meeting-detail", pk=meeting.pk)
    cancel_url = reverse("followup:follow-up", args=[agreement.pk])
    return _meeting_form_page(request, form, _("Record a meeting"), agreement, cancel_url)


@login_required
def meeting_update(request, pk):
    meeting = _meeting(request, pk, access.CHANGE)
    agreement = meeting.agreement
    title = _("Change the record of %(meeting)s") % {"meeting": meeting}
    form = FollowUpMeetingForm(request.POST or None, instance=meeting, period=state(agreement).period)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: meetings.meeting_save(by=request.user, agreement=agreement, meeting=meeting, **form.cleaned_data),
        ):
            messages.success(request, _("The meeting was saved."))
            return redirect("followup:meeting-detail", pk=meeting.pk)
    return _meeting_form_page(request, form, title, agreement, reverse("followup:meeting-detail", args=[meeting.pk]))


# --- The meeting record: minutes, action items, material -------------------------------------


def _material_organisations(user, agreement):
    """Those who keep the agreement add material for any partner; a partner for their own."""
    partners = partner_organisations(agreement)
    if access.can(user, access.CHANGE, agreement):
        return partners
    return partners.filter(pk__in=user.organisations.values("pk"))


def _detail_page(request, meeting, *, action_form=None, material_form=None):
    user, agreement = request.user, meeting.agreement
    may_change = access.can(user, access.CHANGE, agreement)
    own = set(user.organisations.values_list("pk", flat=True))
    items = list(meeting.action_items.select_related("owner_organisation"))
    for item in items:
        item.may_mark_done = item.done_on is None and (may_change or item.owner_organisation_id in own)
    if material_form is None:
        organisations = _material_organisations(user, agreement)
        material_form = MaterialForm(organisations=organisations) if organisations else None
    if may_change and action_form is None:
        action_form = ActionItemForm(agreement=agreement)
    context = {
        "meeting": meeting,
        "agreement": agreement,
        "may_change": may_change,
        "items": items,
        "today": timezone.localdate(),
        "materials": meeting.materials.select_related("organisation", "created_by"),
        "action_form": action_form,
        "material_form": material_form,
    }
    return render(request, "followup/meetings/meeting_detail.html", context)


@login_required
def meeting_detail(request, pk):
    return _detail_page(request, _meeting(request, pk))


@login_required
@require_POST
def action_create(request, pk):
    meeting = _meeting(request, pk, access.CHANGE)
    form = ActionItemForm(request.POST, agreement=meeting.agreement)
    if form.is_valid() and run_service(
        form, lambda: meetings.action_item_add(by=request.user, meeting=meeting, **form.cleaned_data)
    ):
        messages.success(request, _("The action was added."))
        return redirect("followup:meeting-detail", pk=meeting.pk)
    return _detail_page(request, meeting, action_form=form)


@login_required
@require_POST
def action_done(request, pk):
    queryset = ActionItem.objects.select_related("meeting__agreement")
    item = access.access(request.user, access.VIEW, queryset, pk=pk)
    if item.done_on is None:
        meetings.action_item_done(by=request.user, item=item)  # PermissionDenied (403) if not theirs
        messages.success(request, _("“%(action)s” was marked as done.") % {"action": item})
    return redirect(posted_next(request, reverse("followup:meeting-detail", args=[item.meeting_id])))


@login_required
@require_POST
def material_create(request, pk):
    meeting = _meeting(request, pk)
    organisations = _material_organisations(request.user, meeting.agreement)
    if not organisations:
        raise PermissionDenied
    form = MaterialForm(request.POST, organisations=organisations)
    if form.is_valid() and run_service(
        form, lambda: meetings.material_add(by=request.user, meeting=meeting, **form.cleaned_data)
    ):
        messages.success(request, _("Your material was added."))
        return redirect("followup:meeting-detail", pk=meeting.pk)
    return _detail_page(request, meeting, material_form=form)

"""The money of one agreement: its finance page, the money part of a draft, and the
recording of payments, corrections, true-ups and repayment claims."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement, Status
from agreements.state import state, with_state
from finance import figures, forms, readmodel, series, services
from finance.models import Contribution, Distribution, Payment, PeriodAmount, Repayment
from iop.accounts import access
from iop.core.forms import run_service
from partners.models import Organisation


def _agreement(request, pk, action=access.VIEW):
    """The agreement, with its money (`agreement.money`, `finance.readmodel`) and the
    payments, corrections and claims the page lists."""
    agreement = access.access(request.user, action, with_state(Agreement.objects.all()), pk=pk)
    agreement.money = readmodel.load([agreement], records=True)[agreement.pk]
    return agreement


def _recipients(agreement):
    return Organisation.objects.filter(parties__version__agreement=agreement).distinct()


@login_required
def agreement_finance(request, pk):
    return _finance_page(request, _agreement(request, pk))


def _finance_page(request, agreement, **refused):
    """The finance page. `refused` holds a form posted from it that was refused, shown again
    with what was typed and its errors: `payment_form`, `repayment_form`, `true_up_form`,
    `correction_form` (with `payment_pk`) or `settle_form` (with `repayment_pk`)."""
    today = timezone.localdate()
    current = state(agreement, today)
    version = current.shown
    money = series.money_series(agreement.money, current, today=today)
    may_change = access.can(request.user, access.CHANGE, agreement)
    # the yearly scope of the version shown: its first period's yearly amount and its contributions
    own = [period for period in money.periods if period.version.pk == version.pk]
    first = (own or money.periods or [None])[0]
    inputs = agreement.money.version(version.pk) or readmodel.of_version(version)
    payments = list(agreement.payments.all())
    repayments = list(agreement.repayments.all())
    context = {
        "agreement": agreement,
        "state": current,
        "version": version,
        "may_change": may_change,
        "shares": figures.party_shares(inputs),
        # the scope of a whole year, at the first period's yearly amount
        "scope": figures.scope(
            inputs,
            first.year,
            money=first.yearly,
            preliminary=first.preliminary,
            guideline=figures.guideline_of(agreement.municipality),
        )
        if first
        else None,
        "contributions": version.contributions.all(),
        "money": money,
        "split_checks": series.split_checks(inputs, money),
        "payments": payments,
        "repayments": repayments,
        "true_up_form": refused.get("true_up_form"),
    }
    # the forms to record money while the agreement is in force; a refused one is shown in any case
    open_forms = may_change and current.in_force
    recipients = _recipients(agreement)
    context["payment_form"] = refused.get("payment_form") or (
        forms.PaymentForm(
            recipients=recipients, instalments=money.instalments, initial=forms.payment_initial(money, today)
        )
        if open_forms
        else None
    )
    context["repayment_form"] = refused.get("repayment_form") or (
        forms.RepaymentForm(recipients=recipients, initial={"claimed_on": today}) if open_forms else None
    )
    # each payment and claim has its own small form: the refused one keeps what was typed
    for payment in payments:
        if refused.get("payment_pk") == payment.pk:
            payment.correction_form = refused["correction_form"]
        elif open_forms:
            payment.correction_form = forms.PaymentCorrectionForm(initial={"date": today}, row_pk=payment.pk)
    for claim in repayments:
        if refused.get("repayment_pk") == claim.pk:
            claim.settle_form = refused["settle_form"]
        elif may_change:  # a claim is settled even after the agreement has ended
            claim.settle_form = forms.SettleForm(row_pk=claim.pk)
    return render(request, "finance/agreement_finance.html", context)


def _posted(request, agreement, form, action, success, **refused):
    """Run `action(**cleaned_data)` for a form posted from the finance page: back to the page
    with a message of success, or the page again with the form as it was typed and its errors."""
    if form.is_valid() and run_service(form, lambda: action(by=request.user, **form.cleaned_data)):
        messages.success(request, success)
        return redirect("finance:agreement-finance", pk=agreement.pk)
    return _finance_page(request, agreement, **refused)


@login_required
@require_POST
def payment_create(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    instalments = series.money_series(agreement.money, state(agreement)).instalments
    form = forms.PaymentForm(request.POST, recipients=_recipients(agreement), instalments=instalments)
    action = partial(services.payment_register, agreement=agreement)
    return _posted(request, agreement, form, action, _("The payment was recorded."), payment_form=form)


@login_required
@require_POST
def repayment_create(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    form = forms.RepaymentForm(request.POST, recipients=_recipients(agreement))
    action = partial(services.repayment_claim, agreement=agreement)
    return _posted(request, agreement, form, action, _("The repayment claim was recorded."), repayment_form=form)


@login_required
@require_POST
def payment_correct(request, pk, payment_pk):
    agreement = _agreement(request, pk, access.CHANGE)
    payment = get_object_or_404(Payment, agreement=agreement, pk=payment_pk)
    form = forms.PaymentCorrectionForm(request.POST, row_pk=payment.pk)
    action = partial(services.payment_correct, payment=payment)
    return _posted(
        request,
        agreement,
        form,
        action,
        _("The correction was recorded."),
        correction_form=form,
        payment_pk=payment.pk,
    )


@login_required
@require_POST
def true_up_record(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    form = forms.TrueUpForm(request.POST, recipients=_recipients(agreement))
    action = partial(services.true_up_record, agreement=agreement)
    return _posted(request, agreement, form, action, _("The true-up was recorded."), true_up_form=form)


@login_required
@require_POST
def repayment_settle(request, pk, repayment_pk):
    agreement = _agreement(request, pk, access.CHANGE)
    repayment = get_object_or_404(Repayment, agreement=agreement, pk=repayment_pk)
    form = forms.SettleForm(request.POST, row_pk=repayment.pk)
    action = partial(services.repayment_settle, repayment=repayment)
    return _posted(
        request, agreement, form, action, _("The claim is settled."), settle_form=form, repayment_pk=repayment.pk
    )


# --- The money part of a draft -----------------------------------------------------------------


def _draft(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).draft
    if version is None or version.status != Status.DRAFT:
        raise Http404
    return agreement, version


@login_required
def draft_money(request, pk):
    agreement, version = _draft(request, pk)
    terms = getattr(version, "finance_terms", None)
    posted = request.POST.get("form")
    contribution_form = forms.ContributionForm(request.POST if posted == "contribution" else None, version=version)
    terms_form = forms.FinanceTermsForm(request.POST if posted == "terms" else None, version=version, instance=terms)
    distribution_form = forms.DistributionForm(request.POST if posted == "distribution" else None, version=version)
    period_form = forms.PeriodAmountForm(request.POST if posted == "period" else None, version=version)
    actions = {
        "contribution": (
            contribution_form,
            lambda data: services.contribution_add(by=request.user, version=version, **data),
        ),
        "terms": (terms_form, lambda data: services.finance_terms_save(by=request.user, version=version, **data)),
        "distribution": (
            distribution_form,
            lambda data: services.distribution_add(by=request.user, version=version, **data),
        ),
        "period": (period_form, lambda data: services.period_amount_save(by=request.user, version=version, **data)),
    }
    if request.method == "POST" and posted in actions:
        form, action = actions[posted]
        if form.is_valid():
            data = {"lock_version": form.cleaned_data["lock_version"], **form.service_fields()}
            if run_service(form, lambda: action(data)):
                messages.success(request, _("Saved."))
                return redirect("finance:draft-money", pk=agreement.pk)
    return render(
        request,
        "finance/draft_money.html",
        {
            "agreement": agreement,
            "version": version,
            "contributions": version.contributions.all(),
            "distributions": version.distributions.all(),
            "contribution_form": contribution_form,
            "terms_form": terms_form,
            "distribution_form": distribution_form,
            "period_amounts": version.period_amounts.all(),
            "period_form": period_form,
            # the draft's money in place: its periods as they would be paid
            "money": series.money_series(agreement.money, state(agreement), upto=version, payments=False),
        },
    )


@login_required
@require_POST
def draft_money_remove(request, pk, kind, item_pk):
    agreement, version = _draft(request, pk)
    model = {"contribution": Contribution, "split": Distribution, "amount": PeriodAmount}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, version=version, pk=item_pk)
    try:
        services.draft_item_remove(by=request.user, item=item, lock_version=int(request.POST.get("lock_version") or -1))
        messages.success(request, _("Removed."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse("finance:draft-money", args=[agreement.pk]))

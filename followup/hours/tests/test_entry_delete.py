"""Deleting an hour entry asks first: the month page links to a page that names the entry,
and only its POST deletes."""

from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from followup.hours import services
from followup.hours.models import HourEntry
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, reporter_for
from iop.core.dates import add_months
from partners.tests.factories import OrganisationFactory

LAST_MONTH = add_months(timezone.localdate().replace(day=1), -1)
DAY = LAST_MONTH.replace(day=10)


@pytest.fixture
def entry(agreement, organisation, reporter):
    activity = agreement_activities(agreement).first()
    return services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=activity,
        date=DAY,
        hours=Decimal("2.5"),
        volunteers=3,
    )


def delete_url(entry):
    return reverse("followup:hours-entry-delete", args=[entry.pk])


def month_url(agreement, organisation):
    return reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{LAST_MONTH:%Y-%m}"])


def test_the_month_page_asks_before_an_entry_is_deleted(client_as, agreement, organisation, reporter, entry):
    client = client_as(reporter)
    month = client.get(month_url(agreement, organisation)).content.decode()
    # the button is a link to the question, not a form that deletes
    assert f'href="{delete_url(entry)}"' in month
    assert f'action="{delete_url(entry)}"' not in month

    asked = client.get(delete_url(entry))
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Ta bort registreringen?" in page
    assert f"{DAY:%Y-%m-%d}" in page and str(entry.activity) in page and "2,5" in page
    assert f'href="{month_url(agreement, organisation)}"' in page  # Avbryt goes back to the month
    assert HourEntry.objects.filter(pk=entry.pk).exists()  # asking deletes nothing

    response = client.post(delete_url(entry))
    assert response.status_code == 302 and response.url == month_url(agreement, organisation)
    assert not HourEntry.objects.exists()


def test_others_get_no_question_page(client_as, agreement, viewer, entry):
    assert client_as(viewer).get(delete_url(entry)).status_code == 403
    assert client_as(approver_for(agreement)).get(delete_url(entry)).status_code == 403
    assert client_as(reporter_for(OrganisationFactory(name="Annan förening"))).get(delete_url(entry)).status_code == 404
    assert HourEntry.objects.filter(pk=entry.pk).exists()

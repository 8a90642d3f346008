"""A refused form opens with an error summary above its fields: every error once, each
linking to its field, and the form keeps what was typed. The skip link leads to the form
where the form is the point of the page. (The focus: static/js/errors.js, tested in
test_browser_keyboard.py.)"""

import datetime
import re

import pytest

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from iop.core.forms import error_summary
from partners.tests.factories import CommitteeFactory

FIELD = re.compile(r"<(?:input|select|textarea)\b(?![^>]*type=\"hidden\")[^>]*>")


class Everything(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Namn")
    kind = forms.ChoiceField(label="Sort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(label="Dagar", choices=[("1", "1")], widget=forms.CheckboxSelectMultiple)

    def clean(self):
        raise forms.ValidationError("Formuläret som helhet är fel.")


def summary_of(html):
    """The error summary's element and its links, from a page."""
    start = html.index("data-error-summary")
    end = html.index("</div>", start)
    return html[start:end], re.findall(r'href="#([^"]+)"', html[start:end])


def fields_after(html, start):
    return FIELD.search(html, start)


def test_the_summary_lists_the_whole_forms_errors_first_and_links_each_field():
    form = Everything({"name": ""}, prefix=None)
    lines = error_summary(form)
    assert [line.message for line in lines][:2] == ["Formuläret som helhet är fel.", "Detta fält måste fyllas i."]
    assert [line.field_id for line in lines] == [None, None, "id_name", "id_kind_0", "id_days_0"]
    assert lines[2].label == "Namn"
    html = render_to_string("_error_summary.html", {"form": form})
    _summary, links = summary_of(html)
    assert links == ["id_name", "id_kind_0", "id_days_0"]
    assert 'tabindex="-1"' in html and "Det finns fel i formuläret" in html


def test_no_summary_on_a_form_not_yet_sent_or_sent_right():
    assert render_to_string("_error_summary.html", {"form": Everything()}).strip() == ""
    assert error_summary(None) == [] and error_summary("") == []


@pytest.fixture
def planner(db):
    return UserFactory(role=Role.PLANNER, committees=[CommitteeFactory(name="Äldrenämnden")])


def test_a_refused_page_opens_with_the_summary_before_its_first_field(client_as, planner):
    response = client_as(planner).post(
        reverse("agreements:agreement-create"), {"title": "Läxhjälp <b>", "registry_number": "ÄN 2026-1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    form_at = html.index('id="main-form"')
    summary, links = summary_of(html)
    assert form_at < html.index("data-error-summary") < fields_after(html, form_at).start()
    assert links == ["id_committee", "id_start_0"]  # the fields refused, in the form's order
    for field_id in links:
        assert f'id="{field_id}"' in html  # each link leads somewhere
    # what was typed is kept
    assert 'value="Läxhjälp &lt;b&gt;"' in html and 'value="ÄN 2026-1"' in html
    assert 'href="#main-form"' in html  # the skip link leads to the form


def test_the_forms_own_error_is_shown_once_in_the_summary(client, db):
    UserFactory(username="anna")
    html = client.post(reverse("accounts:login"), {"username": "anna", "password": "fel"}).content.decode()
    summary, _links = summary_of(html)
    assert "korrekt" in summary  # Django's "Please enter a correct username and password"
    assert html.count("Ange ett korrekt") == 1
    assert html.index("data-error-summary") < fields_after(html, html.index("<form")).start()


def test_a_page_that_is_not_a_form_skips_to_its_content_and_every_page_loads_the_focus_script(client_as, planner):
    html = client_as(planner).get(reverse("desk:start")).content.decode()
    assert 'href="#main"' in html
    assert "/static/js/errors.js" in html
    assert "data-error-summary" not in html


def test_the_month_page_skips_to_its_entry_form_and_a_refused_entry_keeps_what_was_typed(client_as, db):
    agreement = hours_agreement()
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    url = reverse("followup:hours-month", args=[agreement.pk, organisation.pk, month.strftime("%Y-%m")])
    client = client_as(reporter_for(organisation))
    assert 'href="#main-form"' in client.get(url).content.decode()
    response = client.post(
        url, {"date": f"{month:%Y-%m}-03", "hours": "mycket", "volunteers": "3", "place": "Ekholmen"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    form_at = html.index('id="main-form"')
    _summary, links = summary_of(html)
    assert form_at < html.index("data-error-summary") < fields_after(html, form_at).start()
    assert links == ["id_activity", "id_hours"]
    assert 'value="mycket"' in html and 'value="Ekholmen"' in html and f'value="{month:%Y-%m}-03"' in html

"""manage.py setup_municipality: the first run of a new installation, on an empty database."""

import io
import re

import pytest

from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.models import DefaultText
from iop.accounts.models import Role, User
from partners.models import Administration, Committee, Municipality

ORG_NUMBER = "212000-9986"  # valid, and no municipality's: the 212000-99xx end is unused


def setup(*args, **options):
    out = io.StringIO()
    call_command("setup_municipality", *args, "--no-input", stdout=out, **options)
    return out.getvalue()


def full(**extra):
    return setup(
        "--name",
        "Provby kommun",
        "--org-number",
        ORG_NUMBER.replace("-", ""),
        "--committee",
        "Socialnämnden:SN",
        "--committee",
        "Kultur- och fritidsnämnden:KFN",
        "--administration",
        "Socialförvaltningen:Socialnämnden",
        "--administration",
        "Kultur- och fritidsförvaltningen:Kultur- och fritidsnämnden,Socialnämnden",
        "--admin-username",
        "provby-admin",
        "--admin-email",
        "admin@provby.example",
        **extra,
    )


def test_an_empty_installation_has_no_municipality_and_no_standard_texts(db):
    assert not Municipality.objects.exists()
    assert not DefaultText.objects.exists()
    assert not Committee.objects.exists()


def test_it_sets_up_the_municipality_its_committees_administrations_and_administrator(db):
    output = full()
    municipality = Municipality.objects.get()
    assert (municipality.name, municipality.org_number, municipality.slug) == (
        "Provby kommun",
        ORG_NUMBER,
        "provby",
    )
    assert municipality.history.count() == 1  # recorded, like every change to the register
    assert dict(Committee.objects.values_list("name", "abbreviation")) == {
        "Socialnämnden": "SN",
        "Kultur- och fritidsnämnden": "KFN",
    }
    served = {
        administration.name: sorted(c.name for c in administration.committees.all())
        for administration in Administration.objects.all()
    }
    assert served == {
        "Socialförvaltningen": ["Socialnämnden"],
        "Kultur- och fritidsförvaltningen": ["Kultur- och fritidsnämnden", "Socialnämnden"],
    }
    administrator = User.objects.get(username="provby-admin")
    assert administrator.role == Role.ADMINISTRATOR
    assert administrator.municipality == municipality
    assert not administrator.is_superuser and not administrator.has_usable_password()
    assert "provby-admin" in output


def test_the_one_time_link_lets_the_administrator_choose_a_password_and_reach_the_checklist(client, db):
    output = full()
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+/aterstall/\S+)", output).group(1)
    response = client.get(link, follow=True)  # the token is swapped for a session address
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Ett-nytt-losenord-42", "new_password2": "Ett-nytt-losenord-42"})
    assert response.status_code == 302
    assert client.login(username="provby-admin", password="Ett-nytt-losenord-42")
    page = client.get(reverse("desk:start")).content.decode()
    assert 'id="getting-started"' in page
    assert reverse("agreements:default-texts") in page
    # The link works once: the password it chose has changed the token's hash.
    client.logout()
    assert "new_password1" not in client.get(link, follow=True).content.decode()


def test_a_password_given_on_the_command_line_logs_in_and_is_not_printed(client, db):
    output = full(password="Ett-annat-losenord-7")
    assert "Ett-annat-losenord-7" not in output
    assert "/aterstall/" not in output  # no link when a password was given
    assert client.login(username="provby-admin", password="Ett-annat-losenord-7")


def test_a_bad_org_number_is_refused_and_nothing_is_saved(db):
    with pytest.raises(CommandError, match="Kontrollsiffran"):
        setup(
            "--name", "Provby kommun", "--org-number", "212000-9987", "--admin-username", "a", "--admin-email", "a@b.se"
        )
    assert not Municipality.objects.exists() and not User.objects.exists()


def test_a_weak_password_is_refused_and_nothing_is_saved(db):
    with pytest.raises(CommandError, match="Lösenordet"):
        full(password="123")
    assert not Municipality.objects.exists() and not User.objects.exists()


def test_an_administration_serving_an_unknown_committee_is_refused(db):
    with pytest.raises(CommandError, match="Skolnämnden"):
        setup(
            "--name",
            "Provby kommun",
            "--org-number",
            ORG_NUMBER,
            "--administration",
            "Skolförvaltningen:Skolnämnden",
            "--admin-username",
            "a",
            "--admin-email",
            "a@b.se",
        )
    assert not Municipality.objects.exists()


def test_a_missing_option_is_named_without_input(db):
    with pytest.raises(CommandError, match="--org-number"):
        setup("--name", "Provby kommun", "--admin-username", "a", "--admin-email", "a@b.se")


def test_running_it_twice_is_refused_and_changes_nothing(db):
    full()
    before = (Municipality.objects.count(), Committee.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match="redan upplagd"):
        full()
    with pytest.raises(CommandError, match="redan upplagd"):  # the same org number under another name
        setup("--name", "Provby", "--org-number", ORG_NUMBER, "--admin-username", "b", "--admin-email", "b@b.se")
    assert (Municipality.objects.count(), Committee.objects.count(), User.objects.count()) == before


def test_a_second_municipality_can_be_set_up_beside_the_first(db):
    full()
    setup(
        "--name",
        "Annanby kommun",
        "--org-number",
        "212000-9994",
        "--slug",
        "annanby",
        "--admin-username",
        "annanby-admin",
        "--admin-email",
        "admin@annanby.example",
    )
    annanby = Municipality.objects.get(name="Annanby kommun")
    assert annanby.slug == "annanby"
    assert User.objects.get(username="annanby-admin").municipality == annanby
    assert not Committee.objects.filter(municipality=annanby).exists()


def test_a_bad_slug_or_e_mail_is_named_by_its_option_and_saves_nothing(db):
    with pytest.raises(CommandError, match="--admin-email"):
        setup("--name", "Provby kommun", "--org-number", ORG_NUMBER, "--admin-username", "a", "--admin-email", "nej")
    with pytest.raises(CommandError, match="--slug"):
        full(slug="inte en adress")
    assert not Municipality.objects.exists() and not User.objects.exists()


def test_without_options_it_asks_for_what_is_missing(db, monkeypatch):
    answers = iter(["Provby kommun", ORG_NUMBER, "provby-admin", "admin@provby.example"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda question: "Ett-tredje-losenord-9")
    out = io.StringIO()
    call_command("setup_municipality", stdout=out)
    administrator = User.objects.get(username="provby-admin")
    assert administrator.municipality.name == "Provby kommun"
    assert administrator.check_password("Ett-tredje-losenord-9")
    assert "Ett-tredje-losenord-9" not in out.getvalue()

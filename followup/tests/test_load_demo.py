import pytest

from django.core.management import CommandError, call_command

from iop.accounts.models import Role, User
from partners.models import Administration, Committee, Organisation


def counts():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Committee, Administration, Organisation)
    } | {"User": User.objects.count()}


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_demo_data_holds_the_seeds_register(db, debug, capsys):
    call_command("load_demo")
    resurspoolen = Organisation.objects.get(name="Resurspoolen")
    assert resurspoolen.org_number == "822003-0913"
    # The seed gives no number; the demo agreements invent one so that the organisation can sign.
    assert "påhittat" in Organisation.objects.get(name="Linköpings stadsmission").description.lower()
    assert set(Committee.objects.filter(municipality__name="Linköpings kommun").values_list("name", flat=True)) == {
        "Äldrenämnden",
        "Omsorgsnämnden",
        "Arbetsmarknadsnämnden",
        "Bildningsnämnden",
    }
    assert Committee.objects.get(name="Äldrenämnden").municipality.org_number == "212000-0449"
    assert Organisation.objects.count() == 8
    output = capsys.readouterr().out
    for username in ["admin", "planerare", "resurspoolen", "stadsmissionen", "insyn"]:
        assert username in output


def test_demo_users_have_their_roles_and_bindings(db, debug, client):
    call_command("load_demo")
    planner = User.objects.get(username="planerare")
    assert planner.role == Role.PLANNER
    assert set(planner.committees.values_list("name", flat=True)) == {"Äldrenämnden", "Omsorgsnämnden"}
    assert list(User.objects.get(username="resurspoolen").organisations.values_list("name", flat=True)) == [
        "Resurspoolen"
    ]
    admin = User.objects.get(username="admin")
    # A municipality's administrator, not the installation's superuser (who alone sees across municipalities).
    assert admin.role == Role.ADMINISTRATOR and not admin.is_superuser
    assert admin.municipality.name == "Linköpings kommun" and planner.municipality == admin.municipality
    assert User.objects.get(username="resurspoolen").municipality is None
    assert User.objects.get(username="insyn").role == Role.VIEWER
    assert client.login(username="stadsmissionen", password="demo")


def test_loading_twice_changes_nothing(db, debug):
    call_command("load_demo")
    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_demo_refuses_to_load_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()
    call_command("load_demo", force=True)
    assert User.objects.filter(username="admin").exists()

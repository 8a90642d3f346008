"""Swedish that reads right: adjectives agree with their nouns, or the sentence needs none."""

from django.urls import reverse

from agreements import services
from agreements.tests.factories import make_agreement


def test_a_new_index_value_is_nytt(client_as, administrator):
    page = client_as(administrator).get(reverse("finance:index-create")).text
    assert "Nytt indexvärde (OPI)" in page and "Ny indexvärde" not in page


def test_the_history_tells_an_added_chapter_without_a_gendered_adjective(client_as, planner, committee_x):
    agreement = make_agreement(committee=committee_x)
    version = agreement.versions.get()
    services.item_add(by=planner, version=version, lock_version=version.lock_version, kind="section", heading="Lokaler")

    page = client_as(planner).get(reverse("agreements:agreement-history", args=[agreement.pk])).text
    assert "Kapitel ”Lokaler” lades till" in page and "Kapitel ”Lokaler” tillagd" not in page

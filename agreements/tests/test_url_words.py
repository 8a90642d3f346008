"""The addresses users see keep their Swedish words; the code names them by English keys."""

import pytest

from django.urls import NoReverseMatch, resolve, reverse

from agreements.tests.factories import make_agreement
from agreements.urls import HistoryPart
from iop.core.urlwords import Words

PATHS = [
    ("agreements:version-edit", [7, "basics"], "/overenskommelser/7/utkast/del/grunduppgifter/"),
    ("agreements:version-edit", [7, "background"], "/overenskommelser/7/utkast/del/bakgrund/"),
    ("agreements:version-edit", [7, "values"], "/overenskommelser/7/utkast/del/vardegrund/"),
    ("agreements:version-edit", [7, "starting_points"], "/overenskommelser/7/utkast/del/utgangspunkter/"),
    ("agreements:version-edit", [7, "conditions"], "/overenskommelser/7/utkast/del/villkor/"),
    ("agreements:items", [7, "responsibilities"], "/overenskommelser/7/utkast/ansvar/"),
    ("agreements:items", [7, "activities"], "/overenskommelser/7/utkast/aktiviteter/"),
    ("agreements:items", [7, "chapters"], "/overenskommelser/7/utkast/kapitel/"),
    ("agreements:item-edit", [7, "chapters", 3], "/overenskommelser/7/utkast/kapitel/3/"),
    ("agreements:item-action", [7, "chapters", 3, "up"], "/overenskommelser/7/utkast/kapitel/3/upp/"),
    ("agreements:item-action", [7, "activities", 3, "down"], "/overenskommelser/7/utkast/aktiviteter/3/ner/"),
    ("agreements:item-remove", [7, "parties", 3], "/overenskommelser/7/utkast/parter/3/ta-bort/"),
    ("finance:draft-money-remove", [7, "contribution", 3], "/ekonomi/overenskommelse/7/utkast/bidrag/3/ta-bort/"),
    ("finance:draft-money-remove", [7, "split", 3], "/ekonomi/overenskommelse/7/utkast/fordelning/3/ta-bort/"),
    ("finance:draft-money-remove", [7, "amount", 3], "/ekonomi/overenskommelse/7/utkast/belopp/3/ta-bort/"),
]


@pytest.mark.parametrize(("name", "args", "path"), PATHS)
def test_a_key_is_written_as_its_swedish_word_and_read_back_as_the_key(name, args, path):
    assert reverse(name, args=args) == path
    match = resolve(path)
    assert match.view_name == name
    assert [value for key, value in match.kwargs.items() if key != "pk"] == args[1:]


def test_a_swedish_word_or_an_unknown_key_is_not_a_key():
    with pytest.raises(NoReverseMatch):
        reverse("agreements:version-edit", args=[7, "bakgrund"])
    with pytest.raises(NoReverseMatch):
        reverse("finance:draft-money-remove", args=[7, "bidrag", 3])


def test_the_history_parts_keep_their_words_in_the_query():
    assert [HistoryPart.key(word) for word in ("avtal", "ekonomi", "uppfoljning")] == [
        "agreement",
        "money",
        "follow_up",
    ]
    assert HistoryPart.key("okänd") is None and HistoryPart.key("money") is None


def test_every_part_of_the_history_has_a_word(db):
    from agreements.timeline import PARTS

    assert set(PARTS) == set(HistoryPart.url_words)


def test_the_history_tabs_link_the_swedish_words(client_as, administrator, committee_x, organisation_a):
    agreement = make_agreement(committee=committee_x, partners=[organisation_a])
    page = client_as(administrator).get(reverse("agreements:agreement-history", args=[agreement.pk])).content.decode()
    assert all(f'href="?del={word}"' in page for word in ("avtal", "ekonomi", "uppfoljning"))


def test_only_the_keys_of_the_table_are_written():
    class Colour(Words):
        words = {"röd": "red", "rödbrun": "auburn"}

    assert Colour().to_url("auburn") == "rödbrun"
    with pytest.raises(ValueError):
        Colour().to_url("röd")

import pytest

from django.core.exceptions import ValidationError

from partners.orgnr import luhn_check_digit, normalise_org_number


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("822003-0913", "822003-0913"),  # Resurspoolen, as the seed writes it
        ("8220030913", "822003-0913"),  # without the hyphen
        ("822003 0913", "822003-0913"),  # with a space instead
        (" 822 003-09 13 ", "822003-0913"),  # spaces anywhere
        ("16822003-0913", "822003-0913"),  # the Tax Agency's 12-digit form
        ("212000-0449", "212000-0449"),  # Linköpings kommun
    ],
)
def test_valid_numbers_are_stored_as_six_digits_hyphen_four(typed, stored):
    assert normalise_org_number(typed) == stored


@pytest.mark.parametrize(
    "typed, code",
    [
        ("822003-0914", "invalid_check_digit"),
        ("212000-0448", "invalid_check_digit"),
        ("822003-091", "invalid_length"),
        ("822003-09133", "invalid_length"),
        ("19822003-0913", "invalid_length"),  # a century other than the 16 prefix
        ("822003/0913", "invalid_characters"),
        ("82200A-0913", "invalid_characters"),
        ("811218-9876", "personal_number"),  # third digit below 2: a birth month
    ],
)
def test_invalid_numbers_are_refused_saying_why(typed, code):
    with pytest.raises(ValidationError) as raised:
        normalise_org_number(typed)
    assert raised.value.code == code


def test_luhn_check_digit_of_known_numbers():
    assert luhn_check_digit("822003091") == 3
    assert luhn_check_digit("212000044") == 9

"""The BSN 11-proef: real BSNs pass, typos are caught."""

import pytest

from forms.validators import is_valid_bsn, normalise_bsn


@pytest.mark.parametrize(
    "value", ["111222333", "123456782", "999993653", "1112 22 333", "11122.2333"]
)
def test_valid_bsn_is_accepted(value):
    assert is_valid_bsn(value)


@pytest.mark.parametrize(
    "value",
    [
        "111222334",  # last digit off: fails the 11-proef
        "123456789",
        "000000000",
        "12345",
        "1234567890",
        "",
        "abcdefghi",
        "11122233３",  # a full-width digit is no digit of a BSN
        "111-222-333x",
    ],
)
def test_invalid_bsn_is_rejected(value):
    assert not is_valid_bsn(value)


def test_eight_digit_bsn_gets_its_leading_zero():
    assert normalise_bsn("12345672") == "012345672"
    assert is_valid_bsn("12345672") == is_valid_bsn("012345672")

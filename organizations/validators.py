"""Norwegian organisation numbers (organisasjonsnummer).

Nine digits, the last a modulus-11 check digit over the first eight with the
weights 3, 2, 7, 6, 5, 4, 3, 2. A remainder that gives check digit 10 means
the number was never issued.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number_is_valid(value: str) -> bool:
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:8], _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[8])


def validate_org_number(value: str) -> None:
    if value and not org_number_is_valid(value):
        raise ValidationError(
            _("«%(value)s» er ikke et gyldig organisasjonsnummer (ni siffer med kontrollsiffer)."),
            code="invalid_org_number",
            params={"value": value},
        )

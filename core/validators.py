"""Field validators shared by forms, models and importers."""

from django.core.exceptions import ValidationError


def validate_credit_code_field(value):
    """统一社会信用代码 per GB 32100-2015, with the likely fix in the message."""
    from .credit_code import CreditCodeError, validate_credit_code

    try:
        validate_credit_code(value)
    except CreditCodeError as exc:
        raise ValidationError(f"统一社会信用代码“{value}”{exc.message}", code="credit_code") from exc

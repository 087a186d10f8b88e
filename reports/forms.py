from core.forms import ScopedModelForm

from .models import StatIndicator


class StatIndicatorForm(ScopedModelForm):
    class Meta:
        model = StatIndicator
        fields = StatIndicator.edit_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            from django.utils import timezone

            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("through_month", max(1, today.month - 1))

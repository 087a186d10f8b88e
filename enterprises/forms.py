from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import scope
from core.forms import ScopedModelForm

from .models import Enterprise, Visit


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "town",
            "address",
            "industry",
            "tech_field",
            "founded_on",
            "registered_capital",
            "employees",
            "rd_staff",
            "contact_name",
            "contact_phone",
            "grid_officer",
            "is_key",
            "listing_plan",
            "no_major_incident",
        ]

    def clean_credit_code(self):
        from core.credit_code import normalize_credit_code

        return normalize_credit_code(self.cleaned_data["credit_code"])


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos from one <input multiple>; each is checked by services.validate_photo."""

    def __init__(self, *args, **kwargs):
        # The input itself is hidden behind a big 拍照或选择照片 button (its <label>) in the template.
        attrs = {"accept": "image/jpeg,image/png", "class": "visually-hidden"}
        kwargs.setdefault("widget", MultipleImageInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        single = super().clean
        return [single(upload, initial) for upload in files]


class VisitForm(ScopedModelForm):
    """记走访 on a phone: the enterprise comes from the type-ahead picker, photos are optional."""

    needs = forms.MultipleChoiceField(
        label=_("企业需求"), choices=Visit.Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    photos = MultipleImageField(
        label=_("照片"), required=False, help_text=_("可多选，JPEG或PNG，每张不超过5MB，每条走访最多9张。")
    )

    class Meta:
        model = Visit
        fields = ["enterprise", "visited_on", "kind", "needs", "content", "problem", "follow_up", "resolution"]
        widgets = {
            "enterprise": forms.HiddenInput,
            "kind": forms.RadioSelect,
            "follow_up": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 2}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"enterprise": {"required": _("请先搜索并选择走访的企业。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        if not self.instance.pk:
            self.fields["visited_on"].initial = today
        self.fields["enterprise"].error_messages["invalid_choice"] = _("该企业不在您负责的区镇，请重新选择。")
        self.fields["content"].widget.attrs["placeholder"] = _("了解到的情况、宣传的政策……")
        self.fields["problem"].widget.attrs["placeholder"] = _("企业反映的困难和诉求")
        # Removing a photo is a deletion: offered only to those who may delete (SPEC §1).
        if self.instance.pk and self.user is not None and scope.can_delete(self.user, Visit):
            self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                label=_("删除照片"),
                queryset=self.instance.photos.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def picked_enterprise(self):
        """The enterprise the picker shows as chosen (the posted one, the preselected one or the saved one)."""
        field = self.fields["enterprise"]
        value = self["enterprise"].value()
        if not value:
            return None
        try:
            return field.queryset.select_related("town", "grid_officer").get(pk=value)
        except (Enterprise.DoesNotExist, ValueError, TypeError):
            return None


class VisitFollowUpForm(ScopedModelForm):
    """The inline 跟进 form of the follow-up queue: status and what was done."""

    class Meta:
        model = Visit
        fields = ["follow_up", "resolution"]
        widgets = {"follow_up": forms.RadioSelect, "resolution": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        # Several cards may have their form open at once: ids must differ from card to card.
        kwargs.setdefault("auto_id", f"id_visit{kwargs['instance'].pk}_%s")
        super().__init__(*args, **kwargs)

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User

# Whom to ask when the password is forgotten or the account locked: the role's one name.
ADMINISTRATOR = User.Role.BUREAU_ADMIN.label


def lockout_policy() -> dict:
    """The lockout rule as people read it: {"limit": 5, "duration": "30分钟"} from AXES_* settings."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if minutes and minutes % 60 == 0:
        duration = _("%(n)d小时") % {"n": minutes // 60}
    else:
        duration = _("%(n)d分钟") % {"n": minutes}
    return {"limit": settings.AXES_FAILURE_LIMIT, "duration": duration, "administrator": ADMINISTRATOR}


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autofocus": True})
        self.fields["password"].widget.attrs.update({"class": "form-control"})
        # Django's zh-hans text is a machine-like "请输入一个正确的 用户名 和密码": say it plainly,
        # with the lockout rule and whom to ask.
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _(
                "用户名或密码不正确，请重新输入（密码区分大小写）。连续输错%(limit)d次，账号将锁定%(duration)s；"
                "忘记密码或账号被锁定，请联系%(administrator)s。"
            )
            % lockout_policy(),
            "inactive": _("该账号已停用，请联系%(administrator)s。") % lockout_policy(),
        }

    def get_invalid_login_error(self):
        from django.core.exceptions import ValidationError

        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")

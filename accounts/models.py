"""Portal users: a role (docs/domain.md §1) and, for town officers, their town."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A bureau admin, bureau staff member, leader or town officer (科技网格员)."""

    class Role(models.TextChoices):
        BUREAU_ADMIN = "bureau_admin", _("区科技局系统管理员")
        BUREAU_STAFF = "bureau_staff", _("区科技局工作人员")
        LEADER = "leader", _("区领导/局领导")
        TOWN_OFFICER = "town_officer", _("区镇科技网格员")

    # The role groups, defined once: core.scope, navigation and services read these.
    ALL_ROLES = frozenset(Role)
    BUREAU_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF})  # write and delete everywhere
    WIDE_ROLES = BUREAU_ROLES | {Role.LEADER}  # see every town
    WRITER_ROLES = BUREAU_ROLES | {Role.TOWN_OFFICER}  # record visits, import (within their scope)

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.BUREAU_STAFF)
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("区镇")
    )
    phone = models.CharField(_("手机"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names are written family name first, without a space.
        return f"{self.last_name}{self.first_name}".strip()

    def clean(self):
        super().clean()
        if self.role == self.Role.TOWN_OFFICER and not self.town_id:
            raise ValidationError({"town": _("区镇科技网格员必须指定所属区镇。")})

    @property
    def is_officer(self):
        return self.role == self.Role.TOWN_OFFICER

    @property
    def is_leader(self):
        return self.role == self.Role.LEADER

    @property
    def effective_role(self):
        """The role the portal applies: a superuser counts as 局系统管理员 whatever the field says."""
        return self.Role.BUREAU_ADMIN if self.is_superuser else self.role

    @property
    def is_bureau(self):
        return self.effective_role in self.BUREAU_ROLES

    @property
    def is_admin(self):
        return self.effective_role == self.Role.BUREAU_ADMIN

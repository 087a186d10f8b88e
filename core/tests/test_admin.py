import pytest
from django.apps import apps
from django.contrib import admin

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "accounts", "enterprises", "carriers", "investment", "cooperation", "reports"}


def test_every_model_is_in_the_admin():
    missing = [
        m._meta.label for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and m not in admin.site._registry
    ]
    assert missing == []


def test_every_admin_changelist_opens(client, bureau_admin):
    client.force_login(bureau_admin)
    for model in admin.site._registry:
        if model._meta.app_label not in PROJECT_APPS:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url

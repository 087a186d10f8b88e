"""The contract of the statistical indicators: pinned query counts on every page, and the scope
rule of district-wide figures (every signed-in user reads them; a town officer changes nothing)."""

import pytest
from django.urls import reverse

from core.testing import ModelContract, Page
from reports.models import StatIndicator


def pk(obj):
    return [obj.pk]


def _indicator(year, month, name, value):
    return StatIndicator.objects.create(
        year=year, through_month=month, name=name, value=value, benchmark_value=16.5, rank=1
    )


class TestStatIndicatorContract(ModelContract):
    model = StatIndicator
    pages = [
        Page("statindicator_list", export=True),
        Page("statindicator_detail", args=pk),
        Page("statindicator_history", args=pk),
        Page("statindicator_list", user="officer", variant="officer"),
    ]

    @pytest.fixture
    def sample(self, db):
        return _indicator(2023, 5, "科学研究和技术服务业营业收入增幅", 48.3)

    @pytest.fixture
    def more(self, db):
        def add():
            for month in range(1, 5):
                _indicator(2023, month, f"重点企业研发经费支出增幅{month}", 20 + month)

        return add

    @pytest.mark.django_db
    def test_out_of_scope_everywhere(self, client, other_officer, sample):
        # Not town data (town_scope None): another town's officer reads it, and changes nothing.
        client.force_login(other_officer)
        assert client.get(reverse("reports:statindicator_detail", args=[sample.pk])).status_code == 200
        for action in ("edit", "delete"):
            url = reverse(f"reports:statindicator_{action}", args=[sample.pk])
            assert client.get(url).status_code == 403
            assert client.post(url, {"name": "改"}).status_code == 403
        sample.refresh_from_db()
        assert sample.name == "科学研究和技术服务业营业收入增幅"

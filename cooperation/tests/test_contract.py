"""The contract of every industry–academia model (core.testing.ModelContract, docs/adding-a-model.md):
out of scope for another town's officer on every route, and every list, detail and export page at
its pinned query count (cooperation/tests/query_counts.json) whatever the rows.
"""

import pytest
from django.urls import reverse

from cooperation.models import EventKind, IACooperation, IAEvent, Institution, Registration, TechContract
from cooperation.tests.factories import (
    IACooperationFactory,
    IAEventFactory,
    InstitutionFactory,
    TechContractFactory,
)
from core.testing import ModelContract, Page
from enterprises.tests.factories import EnterpriseFactory


def pk(obj):
    return [obj.pk]


@pytest.fixture
def coop_sample(changle):
    """One enterprise of 常乐镇 with a project, three contracts (one 需整改), an activity and a clinic."""
    enterprise = EnterpriseFactory(town=changle)
    institution = InstitutionFactory()
    project = IACooperationFactory(enterprise=enterprise, institution=institution)
    contract = TechContractFactory(enterprise=enterprise)
    TechContractFactory(enterprise=enterprise, status=Registration.PENDING, registered_on=None)
    rectify = TechContractFactory(
        enterprise=enterprise, status=Registration.RECTIFY, registered_on=None, rectify_reason="材料不全"
    )
    activity = IAEventFactory(town=changle)
    activity.enterprises.set([enterprise])
    activity.institutions.set([institution])
    clinic = IAEventFactory(town=changle, kind=EventKind.CLINIC, expert="王教授")
    clinic.enterprises.set([enterprise])
    return {
        "enterprise": enterprise,
        "institution": institution,
        "project": project,
        "contract": contract,
        "rectify": rectify,
        "activity": activity,
    }


@pytest.fixture
def coop_more(changle, coop_sample):
    def grow():
        for _ in range(12):
            enterprise = EnterpriseFactory(town=changle)
            institution = InstitutionFactory()
            IACooperationFactory(enterprise=enterprise, institution=institution)
            TechContractFactory(enterprise=enterprise)
            TechContractFactory(
                enterprise=enterprise, status=Registration.RECTIFY, registered_on=None, rectify_reason="缺少附件"
            )
            event = IAEventFactory(town=changle)
            event.enterprises.set([enterprise, coop_sample["enterprise"]])
            event.institutions.set([institution, coop_sample["institution"]])
        coop_sample["activity"].enterprises.add(*EnterpriseFactory.create_batch(4, town=changle))

    return grow


class CoopContract(ModelContract):
    @property
    def pages(self):
        name = self.model._meta.model_name
        return [
            Page(f"{name}_list", export=True),
            Page(f"{name}_list", user="officer", variant="officer", export=True),
            Page(f"{name}_detail", args=pk),
            Page(f"{name}_history", args=pk),
        ]

    @pytest.fixture
    def more(self, coop_more):
        return coop_more


class TestIACooperationContract(CoopContract):
    model = IACooperation

    @pytest.fixture
    def sample(self, coop_sample):
        return coop_sample["project"]


class TestTechContractContract(CoopContract):
    model = TechContract

    @property
    def pages(self):
        return [
            *super().pages,
            Page("rectify_list", export=True),
            Page("rectify_list", user="officer", variant="officer", export=True),
        ]

    @pytest.fixture
    def sample(self, coop_sample):
        return coop_sample["rectify"]

    def scope_marker(self, sample):
        return sample.reg_number

    def scope_urls(self, sample):
        return [
            reverse("cooperation:techcontract_register", args=[sample.pk]),
            reverse("cooperation:techcontract_rectify", args=[sample.pk]),
        ]


class TestIAEventContract(CoopContract):
    model = IAEvent

    @property
    def pages(self):
        return [
            *super().pages,
            Page("event_monthly", query="year=2023"),
            Page("event_monthly", user="officer", variant="officer", query="year=2023"),
        ]

    @pytest.fixture
    def sample(self, coop_sample):
        return coop_sample["activity"]

    def scope_marker(self, sample):
        return sample.title


class TestInstitutionContract(CoopContract):
    """Institutions are not town data: every user reads them; only the bureau writes them."""

    model = Institution

    @pytest.fixture
    def sample(self, coop_sample):
        return coop_sample["institution"]

    @pytest.mark.django_db
    def test_out_of_scope_everywhere(self, client, other_officer, sample):
        client.force_login(other_officer)
        assert client.get(reverse("cooperation:institution_detail", args=[sample.pk])).status_code == 200
        assert client.get(reverse("cooperation:institution_edit", args=[sample.pk])).status_code == 403
        assert client.post(reverse("cooperation:institution_delete", args=[sample.pk])).status_code == 403

"""The contract of every model of this app (core.testing.ModelContract, docs/adding-a-model.md):
out of scope for another town's officer on every route, and every list, detail and export page at
its pinned query count (carriers/tests/query_counts.json) whatever the rows.
"""

import datetime as dt

import pytest
from django.urls import reverse

from carriers import services
from carriers.models import (
    ApplicationStage,
    Carrier,
    ConstructionReport,
    Kind,
    LevelApplication,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformProject,
    PlatformTarget,
    Tenancy,
)
from carriers.tests.factories import (
    CarrierFactory,
    ContractFactory,
    PlatformFactory,
    ProjectFactory,
    ReportFactory,
    TargetFactory,
    TenancyFactory,
)
from core.testing import ModelContract, Page


def pk(obj):
    return [obj.pk]


def _carrier(town, staff, n=0):
    """A carrier as its page meets it: tenants, two quarterly reports, an application moved once, a contract."""
    carrier = CarrierFactory(town=town, group_managed=n % 2 == 0)
    TenancyFactory.create_batch(2, carrier=carrier, enterprise__town=town)
    ReportFactory(carrier=carrier, year=2023, quarter=1, planned_pct=40, actual_pct=35)
    ReportFactory(carrier=carrier, year=2023, quarter=2, planned_pct=60, actual_pct=40)
    application = services.application_enter(
        instance=LevelApplication(carrier=carrier, applied_as=Kind.INCUBATOR, year=2023),
        user=staff,
        on=dt.date(2023, 3, 1),
    )
    services.application_advance(
        application=application, to_stage=ApplicationStage.CITY_PASSED, user=staff, on=dt.date(2023, 5, 1)
    )
    ContractFactory(carrier=carrier, stage="signed", signed_on=dt.date(2023, 4, 18))
    return carrier


@pytest.fixture
def sample_carrier(changle, staff_user):
    return _carrier(changle, staff_user)


@pytest.fixture
def more_carriers(changle, staff_user, sample_carrier):
    def grow():
        for i in range(1, 12):
            _carrier(changle, staff_user, i)
        TenancyFactory.create_batch(5, carrier=sample_carrier, enterprise__town=changle)
        ReportFactory(carrier=sample_carrier, year=2023, quarter=3, planned_pct=80, actual_pct=50)
        ContractFactory.create_batch(3, carrier=sample_carrier)

    return grow


class CarrierRecordContract(ModelContract):
    list_name = ""

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
    def more(self, more_carriers):
        return more_carriers


class TestCarrierContract(CarrierRecordContract):
    model = Carrier

    @property
    def pages(self):
        return [
            *super().pages,
            Page("behind_schedule", export=True),
            Page("behind_schedule", user="officer", variant="officer"),
            Page("totals"),
            Page("totals", user="leader_user", variant="leader"),
        ]

    @pytest.fixture
    def sample(self, sample_carrier):
        return sample_carrier


class TestTenancyContract(CarrierRecordContract):
    model = Tenancy

    @pytest.fixture
    def sample(self, sample_carrier):
        return sample_carrier.tenancies.first()

    def scope_marker(self, sample):
        return sample.enterprise.credit_code


class TestReportContract(CarrierRecordContract):
    model = ConstructionReport

    @pytest.fixture
    def sample(self, sample_carrier):
        return sample_carrier.reports.first()

    def scope_marker(self, sample):
        return sample.carrier.name


class TestApplicationContract(CarrierRecordContract):
    model = LevelApplication

    @pytest.fixture
    def sample(self, sample_carrier):
        return sample_carrier.applications.first()

    def scope_marker(self, sample):
        return sample.carrier.name

    def scope_urls(self, sample):
        return [reverse("carriers:levelapplication_move", args=[sample.pk])]


class TestContractContract(CarrierRecordContract):
    model = OperatorContract

    @pytest.fixture
    def sample(self, sample_carrier):
        return sample_carrier.operator_contracts.first()

    def scope_marker(self, sample):
        return sample.company


def _platform(town, n=0):
    platform = PlatformFactory(town=town)
    TargetFactory(platform=platform, year=2023)
    ProjectFactory.create_batch(2, platform=platform, year=2023)
    return platform


@pytest.fixture
def sample_platform(changle):
    return _platform(changle)


@pytest.fixture
def more_platforms(changle, sample_platform):
    def grow():
        for i in range(12):
            _platform(changle, i)
        ProjectFactory.create_batch(6, platform=sample_platform, year=2023)

    return grow


class PlatformRecordContract(CarrierRecordContract):
    @pytest.fixture
    def more(self, more_platforms):
        return more_platforms


class TestPlatformContract(PlatformRecordContract):
    model = Platform

    @pytest.fixture
    def sample(self, sample_platform):
        return sample_platform


class TestProjectContract(PlatformRecordContract):
    model = PlatformProject

    @pytest.fixture
    def sample(self, sample_platform):
        return sample_platform.projects.first()


class TestTargetContract(PlatformRecordContract):
    model = PlatformTarget
    scope_export = False  # shown on its platform's page, no list of its own

    @property
    def pages(self):
        return [Page("platformtarget_detail", args=pk), Page("platformtarget_history", args=pk)]

    @pytest.fixture
    def sample(self, sample_platform):
        return sample_platform.targets.first()


class TestReviewContract(CarrierRecordContract):
    model = PerformanceReview

    @pytest.fixture
    def sample(self, sample_carrier, staff_user):
        return services.review_save(instance=PerformanceReview(carrier=sample_carrier, year=2023), user=staff_user)

    def scope_marker(self, sample):
        return sample.carrier.name

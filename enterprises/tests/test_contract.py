"""The contract of every model of this app (core.testing.ModelContract, docs/adding-a-model.md):
out of scope for another town's officer on every route, and every list, detail, export and
report page at its pinned query count (enterprises/tests/query_counts.json) whatever the rows.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing import ModelContract, Page
from enterprises import rules, services
from enterprises.models import (
    Enterprise,
    EnterpriseYear,
    FollowUpNote,
    Pool,
    PoolMembership,
    RDProject,
    Stage,
    Visit,
)
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory, RDProjectFactory, VisitFactory

DAY = dt.date(2023, 3, 1)


def pk(obj):
    return [obj.pk]


def enterprise_pk(obj):
    return [obj.enterprise_id]


def _enterprise(town, staff, officer, *, expiring=False, rd_filed=True):
    """An enterprise as the pages meet them: key, in a pool, with figures, a filing and a visit."""
    e = EnterpriseFactory(
        town=town, grid_officer=officer, is_key=True, founded_on=dt.date(2015, 1, 1), tech_field="electronics"
    )
    for year in (2020, 2021, 2022):
        EnterpriseYearFactory(enterprise=e, year=year)
    if rd_filed:
        RDProjectFactory(enterprise=e, year=2023)
    if expiring:  # a 高企 whose certificate expires within the year (the 到期老高企 warning)
        issued = rules.add_years(timezone.localdate(), -3) + dt.timedelta(days=30)
        services.pool_enter(
            enterprise=e,
            pool=Pool.QIANGJI,
            year=issued.year,
            stage=Stage.RECOGNIZED,
            user=staff,
            certificate_no=f"GR{e.pk:06d}",
            certified_on=issued,
        )
    else:
        services.pool_enter(enterprise=e, pool=Pool.QIANGJI, year=2023, stage=Stage.CANDIDATE, user=staff, on=DAY)
    VisitFactory(enterprise=e, officer=officer, follow_up="open", needs=["technology"])
    return e


@pytest.fixture
def sample_enterprise(changle, staff_user, officer):
    _enterprise(changle, staff_user, officer, expiring=True)
    _enterprise(changle, staff_user, officer, rd_filed=False)
    return _enterprise(changle, staff_user, officer)


@pytest.fixture
def more(changle, staff_user, officer, sample_enterprise):
    """More of everything: enterprises (some expiring), and more years, filings, visits of the sample."""

    def grow():
        for i in range(12):
            _enterprise(changle, staff_user, officer, expiring=i % 3 == 0, rd_filed=i % 2 == 0)
        e = sample_enterprise
        EnterpriseYearFactory(enterprise=e, year=2019)
        RDProjectFactory.create_batch(3, enterprise=e, year=2022)
        VisitFactory.create_batch(4, enterprise=e, officer=officer)
        membership = e.memberships.get(pool=Pool.QIANGJI, year=2023)
        services.pool_advance(membership=membership, to_stage=Stage.APPLIED, user=staff_user, on=DAY)

    return grow


class TestEnterpriseContract(ModelContract):
    model = Enterprise
    pages = [
        Page("enterprise_list", export=True),
        Page("enterprise_list", user="officer", variant="officer", export=True),
        Page("enterprise_list", query="pool=qiangji&stage=candidate&year=2023", variant="filtered"),
        Page("enterprise_detail", args=pk),
        Page("enterprise_diagnosis", args=pk),
        Page("enterprise_history", args=pk),
        Page("import_history"),
    ]

    @pytest.fixture
    def sample(self, sample_enterprise):
        return sample_enterprise

    def scope_urls(self, sample):
        return [reverse("enterprises:enterprise_diagnosis", args=[sample.pk])]


class EnterpriseRecordContract(ModelContract):
    """A record shown on its enterprise's page: a detail and a history page, added under the enterprise."""

    related_name = ""  # the enterprise's related manager of these records
    scope_export = False  # no list of its own

    @property
    def pages(self):
        name = self.model._meta.model_name
        return [Page(f"{name}_detail", args=pk), Page(f"{name}_history", args=pk)]

    @pytest.fixture
    def sample(self, sample_enterprise):
        return getattr(sample_enterprise, self.related_name).first()

    def scope_urls(self, sample):
        return [reverse(f"enterprises:{self.model._meta.model_name}_add", args=enterprise_pk(sample))]


class TestEnterpriseYearContract(EnterpriseRecordContract):
    model = EnterpriseYear
    related_name = "years"


class TestRDProjectContract(EnterpriseRecordContract):
    model = RDProject
    related_name = "rd_projects"


class TestPoolMembershipContract(ModelContract):
    model = PoolMembership
    pages = [
        Page("poolmembership_detail", args=pk),
        Page("poolmembership_history", args=pk),
        Page("warnings", export=True),
        Page("warnings_no_rd", query="year=2023", export=True),
        Page("diagnosis_ranking", query="year=2023&as_of=2023-06-30", export=True),
    ]
    scope_export = False  # no list of its own: the pools are filters of the enterprise list

    @pytest.fixture
    def sample(self, sample_enterprise):
        return sample_enterprise.memberships.get(pool=Pool.QIANGJI, year=2023)

    def scope_urls(self, sample):
        return [
            reverse("enterprises:poolmembership_add", args=enterprise_pk(sample)),
            reverse("enterprises:poolmembership_move", args=pk(sample)),
            reverse("enterprises:poolmembership_pangao", args=pk(sample)),
        ]


class TestVisitContract(ModelContract):
    model = Visit
    pages = [
        Page("visit_list", user="officer", export=True),
        Page("visit_mine", user="officer", export=True),
        Page("visit_follow_ups", user="officer", export=True),
        Page("visit_due", user="officer", export=True),
        Page("visit_detail", args=pk, user="officer"),
        Page("visit_history", args=pk, user="officer"),
    ]

    @pytest.fixture
    def sample(self, sample_enterprise):
        return sample_enterprise.visits.first()

    def scope_marker(self, sample):
        return sample.enterprise.name

    def scope_urls(self, sample):
        return [reverse("enterprises:visit_follow_up", args=pk(sample))]


def visit_pk(obj):
    return [obj.visit_id]


class TestFollowUpNoteContract(ModelContract):
    """跟进记录 have no pages of their own: they are read on their visit's page and its 更新跟进 page."""

    model = FollowUpNote
    pages = [
        Page("visit_detail", args=visit_pk, user="officer"),
        Page("visit_follow_up", args=visit_pk, user="officer"),
        Page("visit_follow_ups", user="officer", export=True),
    ]
    scope_actions = ()
    scope_export = False

    @pytest.fixture
    def sample(self, sample_enterprise, officer):
        visit = sample_enterprise.visits.first()
        visit.problem = "需要对接高校"
        visit.follow_up = Visit.FollowUp.IN_PROGRESS
        services.visit_follow_up(instance=visit, user=officer, note="已联系南通大学", on=visit.visited_on)
        return visit.notes.get()

    @pytest.fixture
    def more(self, sample, officer):
        def grow():
            visit = sample.visit
            for i in range(5):
                visit.refresh_from_db()
                services.visit_follow_up(instance=visit, user=officer, note=f"第{i + 2}次跟进", on=visit.visited_on)

        return grow

    def scope_urls(self, sample):
        return [
            reverse("enterprises:visit_detail", args=visit_pk(sample)),
            reverse("enterprises:visit_follow_up", args=visit_pk(sample)),
        ]

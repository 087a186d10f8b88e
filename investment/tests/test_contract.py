"""The contract of every project-pipeline model (core.testing.ModelContract, docs/adding-a-model.md): out of
scope for another town's officer on every route, and every list, detail, export and the board at
its pinned query count (investment/tests/query_counts.json) whatever the rows."""

import datetime as dt

import pytest
from django.urls import reverse

from core.testing import ModelContract, Page, assert_queries
from investment import services
from investment.models import InvestmentLead, InvestmentProject
from investment.models import ProjectStage as S
from investment.tests.factories import make_lead, make_project, signed


def pk(obj):
    return [obj.pk]


def _project(town, staff, n=0):
    """A project as the pages meet it: moved three times, with an owner, recognised, key."""
    project = signed(town, staff, on=dt.date(2023, 3, 1) + dt.timedelta(days=n), owner=staff, is_key=n % 2 == 0)
    return services.project_recognize(project=project, user=staff, on=dt.date(2023, 4, 1))


@pytest.fixture
def sample_project(changle, staff_user):
    return _project(changle, staff_user)


@pytest.fixture
def more_projects(changle, staff_user, sample_project):
    def grow():
        for i in range(1, 12):
            _project(changle, staff_user, i)
        for i in range(6):
            make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1) + dt.timedelta(days=i))])
            make_project(changle, staff_user, [(S.DROPPED, dt.date(2023, 2, 1))])
        services.project_move(project=sample_project, to_stage=S.LANDED, user=staff_user, on=dt.date(2023, 6, 1))

    return grow


class TestProjectContract(ModelContract):
    model = InvestmentProject
    pages = [
        Page("investmentproject_list", export=True),
        Page("investmentproject_list", user="officer", variant="officer", export=True),
        Page("investmentproject_list", query="signed_after=2023-01-01&signed_before=2023-06-30", variant="signed"),
        Page("investmentproject_detail", args=pk),
        Page("investmentproject_history", args=pk),
        Page("investmentproject_edit", args=pk),
        Page("investmentproject_move", args=pk),
        Page("board"),
        Page("board", user="officer", variant="officer"),
        Page("board", query="is_key=true", variant="filtered"),
    ]

    @pytest.fixture
    def sample(self, sample_project):
        return sample_project

    @pytest.fixture
    def more(self, more_projects):
        return more_projects

    def scope_urls(self, sample):
        return [
            reverse("investment:investmentproject_move", args=[sample.pk]),
            reverse("investment:investmentproject_recognize", args=[sample.pk]),
            reverse("investment:investmentproject_key", args=[sample.pk]),
        ]


@pytest.fixture
def sample_lead(changle, staff_user):
    return make_lead(changle, owner=staff_user, city="深圳")


class TestLeadContract(ModelContract):
    model = InvestmentLead
    pages = [
        Page("investmentlead_list", export=True),
        Page("investmentlead_list", user="officer", variant="officer", export=True),
        Page("investmentlead_detail", args=pk),
        Page("investmentlead_history", args=pk),
    ]

    @pytest.fixture
    def sample(self, sample_lead):
        return sample_lead

    @pytest.fixture
    def more(self, changle, staff_user, sample_lead):
        def grow():
            for _ in range(12):
                lead = make_lead(changle, owner=staff_user)
            services.lead_convert(lead=lead, user=staff_user, on=dt.date(2023, 5, 1))

        return grow

    def scope_urls(self, sample):
        return [reverse("investment:investmentlead_convert", args=[sample.pk])]


@pytest.mark.django_db
def test_board_move_of_another_towns_project_is_404(client, other_officer, sample_project):
    client.force_login(other_officer)
    url = reverse("investment:board_move", args=[sample_project.pk])
    assert client.post(url, {"to_stage": "landed", "seen_stage": "signed"}).status_code == 404
    sample_project.refresh_from_db()
    assert sample_project.stage == S.SIGNED


@pytest.mark.django_db
def test_board_move_is_a_fixed_number_of_queries(client, staff_user, changle, more_projects, sample_project):
    """A move answers with the board redrawn: the same count with few or many cards."""
    client.force_login(staff_user)

    def move(project, to):
        url = reverse("investment:board_move", args=[project.pk])
        return client.post(
            url, {"to_stage": to, "seen_stage": project.stage, "on": "2023-06-20"}, HTTP_HX_REQUEST="true"
        )

    first = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1))])
    from core.testing import captured_queries

    few = len(captured_queries(lambda: move(first, S.SIGNED)))
    more_projects()
    second = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1))])
    many = len(captured_queries(lambda: move(second, S.SIGNED)))
    assert few == many
    third = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1))])
    assert_queries(lambda: move(third, S.SIGNED), "investment:board_move")

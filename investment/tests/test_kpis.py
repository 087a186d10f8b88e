"""Every project-pipeline KPI against hand-built records: a project signed in H1 and dropped in
H2, one signed in 2022 and landed in 2023, one moved between towns, the 在谈 snapshot on 30 June."""

import datetime as dt

import pytest

from investment import services
from investment.models import ProjectStage as S
from investment.tests.factories import make_project, signed
from reports import selectors as report_selectors
from reports.periods import make_period
from reports.registry import get_kpi as get

pytestmark = pytest.mark.django_db
H1, H2, Y = make_period(2023, "H1"), make_period(2023, "H2"), make_period(2023, "Y")


def figure(code, period=H1, town=None):
    kpi = get(code)
    return kpi.figure(kpi.records_for(period, town).aggregate(**kpi.aggregates_for(period)))


def by_town(code, period=H1):
    return {
        row.town.name if row.town else None: row.figure.actual
        for row in report_selectors.compute_by_town(get(code), period)
    }


def test_signed_in_h1_then_dropped_in_h2_counts_in_h1_and_the_year(changle, staff_user):
    project = signed(changle, staff_user, on=dt.date(2023, 4, 10), is_key=True)
    services.project_move(project=project, to_stage=S.DROPPED, user=staff_user, on=dt.date(2023, 9, 1))
    assert figure("invest.signed") == 1 and figure("invest.key_signed") == 1
    assert figure("invest.signed", Y) == 1
    assert figure("invest.signed", H2) == 0  # the drop is no signing
    assert figure("invest.in_talks") == 0


def test_signed_counts_once_landing_later_is_no_new_signing(changle, staff_user):
    early = signed(changle, staff_user, on=dt.date(2022, 11, 20))
    services.project_move(project=early, to_stage=S.LANDED, user=staff_user, on=dt.date(2023, 3, 1))
    same_half = signed(changle, staff_user, on=dt.date(2023, 2, 1))
    services.project_move(project=same_half, to_stage=S.LANDED, user=staff_user, on=dt.date(2023, 5, 1))
    assert figure("invest.signed") == 1  # same_half only
    assert figure("invest.signed", make_period(2022, "Y")) == 1


def test_a_project_reported_landed_counts_as_signed(changle, staff_user):
    from investment.models import InvestmentProject
    from investment.tests.factories import direction

    d = direction()
    project = InvestmentProject(name="直接落地项目", chain=d.chain, direction=d, town=changle)
    services.project_save(instance=project, user=staff_user, stage=S.LANDED, on=dt.date(2023, 6, 1))
    assert figure("invest.signed") == 1


def test_key_signed_only_key_projects(changle, staff_user):
    signed(changle, staff_user, is_key=True)
    signed(changle, staff_user, is_key=False)
    signed(changle, staff_user, on=dt.date(2023, 8, 1), is_key=True)  # H2
    assert (figure("invest.signed"), figure("invest.key_signed")) == (2, 1)
    assert figure("invest.key_signed", Y) == 2


def test_recognised_by_date(changle, sanxing, staff_user):
    a = signed(changle, staff_user, on=dt.date(2023, 2, 1))
    services.project_recognize(project=a, user=staff_user, on=dt.date(2023, 6, 30))
    b = signed(sanxing, staff_user, on=dt.date(2023, 2, 1))
    services.project_recognize(project=b, user=staff_user, on=dt.date(2023, 7, 1))
    signed(changle, staff_user)  # never recognised
    assert figure("invest.nt_recognized") == 1
    assert figure("invest.nt_recognized", H2) == 1
    assert figure("invest.nt_recognized", town=sanxing) == 0


def test_in_talks_is_the_state_on_june_30(changle, staff_user):
    still = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 3, 1))])
    signed_later = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 4, 1))])
    services.project_move(project=signed_later, to_stage=S.SIGNED, user=staff_user, on=dt.date(2023, 7, 2))
    make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1)), (S.DROPPED, dt.date(2023, 6, 30))])
    make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 7, 1))])  # talks began in H2
    make_project(changle, staff_user)  # a lead
    signed(changle, staff_user)  # signed in H1
    assert still and figure("invest.in_talks") == 2  # still, signed_later (in 在谈 on 30 June)
    assert figure("invest.in_talks", H2) == 2  # still, and the one whose talks began in H2


def test_a_project_moved_between_towns_counts_for_its_town_now(changle, sanxing, staff_user):
    project = signed(changle, staff_user, on=dt.date(2023, 3, 1))
    services.project_recognize(project=project, user=staff_user, on=dt.date(2023, 3, 20))
    talking = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 3, 1))])
    assert by_town("invest.signed").get("常乐镇") == 1
    for p in (project, talking):
        p.refresh_from_db()
        p.town = sanxing
        services.project_save(instance=p, user=staff_user)
    assert figure("invest.signed", town=changle) == 0 and figure("invest.signed", town=sanxing) == 1
    assert by_town("invest.signed").get("三星镇") == 1 and not by_town("invest.signed").get("常乐镇")
    assert by_town("invest.nt_recognized").get("三星镇") == 1
    assert by_town("invest.in_talks").get("三星镇") == 1
    assert figure("invest.signed") == 1  # the district's figure is unchanged


def test_drill_down_records_are_the_figure(changle, staff_user):
    a = signed(changle, staff_user)
    kpi = get("invest.signed")
    assert list(kpi.records_for(H1).select_related(*kpi.select_related)) == [a]
    assert [str(col(a)) for _label, col in kpi.columns][0] == a.name


def test_list_links_give_the_same_records(client, staff_user, changle, sanxing):
    a = signed(changle, staff_user, on=dt.date(2023, 3, 1), is_key=True)
    services.project_recognize(project=a, user=staff_user, on=dt.date(2023, 4, 1))
    signed(sanxing, staff_user, on=dt.date(2023, 5, 1))
    early = signed(changle, staff_user, on=dt.date(2022, 5, 1))
    services.project_move(project=early, to_stage=S.LANDED, user=staff_user, on=dt.date(2023, 2, 1))
    from core.testing import export_rows

    client.force_login(staff_user)
    for code, town, expected in (
        ("invest.signed", None, 2), ("invest.signed", changle, 1), ("invest.key_signed", None, 1),
        ("invest.nt_recognized", None, 1),
    ):  # fmt: skip
        kpi = get(code)
        url, _sep, query = kpi.list_url(H1, town).partition("?")
        assert len(export_rows(client, url, query)) == expected == figure(code, town=town), code

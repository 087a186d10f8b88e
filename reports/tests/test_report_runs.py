"""ReportRun from the click to its files: idempotency, versions, the sweeper, the queue down,
the monthly brief, roles and scope on every route, and a real worker on Redis."""

import datetime as dt
import io
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from core.testing import assert_queries
from core.tests.test_redis_down import redis_down  # noqa: F401  (a fixture)
from enterprises import services as enterprise_services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory
from reports import registry
from reports.models import ReportNote, ReportRun
from reports.summary import services
from reports.summary.tasks import report_build_task

pytestmark = pytest.mark.django_db

H1 = {"kind": ReportRun.Kind.HALF_YEAR, "year": 2023, "period": "H1"}


@pytest.fixture
def registered(staff_user, changle, sanxing):
    """Three 科小 registered in June 2023: two in 常乐镇, one in 三星镇."""
    for i, town in enumerate([changle, changle, sanxing]):
        enterprise_services.pool_enter(
            enterprise=EnterpriseFactory(name=f"报告测试企业{i}", town=town),
            pool=Pool.FANXING,
            year=2023,
            stage=Stage.REGISTERED,
            user=staff_user,
            on=dt.date(2023, 6, 10),
            certificate_no=f"20233206140001{i}",
            certified_on=dt.date(2023, 6, 10),
        )


def test_a_build_writes_both_files_and_states_the_figure(staff_user, registered):
    run, created = services.report_start(user=staff_user, **H1)  # eager Celery in tests
    run.refresh_from_db()
    assert created and run.status == ReportRun.Status.DONE and run.percent == 100 and run.version == 1
    assert run.docx.name.endswith(".docx") and run.xlsx.name.endswith(".xlsx")
    assert f"half_year-v1-{run.pk}/" in run.docx.name
    with run.docx.open("rb") as handle:
        text = "\n".join(p.text for p in Document(handle).paragraphs)
    assert "入库3家" in text and "常乐镇入库2家，列各区镇第一" in text


def test_a_second_click_while_queued_starts_nothing(staff_user):
    first, created = services.report_create(user=staff_user, **H1)
    again, created_again = services.report_create(user=staff_user, **H1)
    assert created and not created_again and again.pk == first.pk
    assert ReportRun.objects.count() == 1


def test_a_task_delivered_twice_builds_once(staff_user, registered):
    run, _ = services.report_create(user=staff_user, **H1)
    assert report_build_task(run.pk) == ReportRun.Status.DONE
    run.refresh_from_db()
    files, finished = (run.docx.name, run.xlsx.name), run.finished_at
    assert report_build_task(run.pk) == ReportRun.Status.DONE  # redelivered: nothing to do
    run.refresh_from_db()
    assert (run.docx.name, run.xlsx.name) == files and run.finished_at == finished


def test_a_running_run_is_not_taken_by_a_redelivered_task(staff_user):
    run, _ = services.report_create(user=staff_user, **H1)
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, heartbeat_at=timezone.now())
    services.report_build(run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and not run.docx


def test_a_rebuild_is_a_new_version_with_its_own_files(staff_user, registered):
    first, _ = services.report_start(user=staff_user, **H1)
    second, created = services.report_retry(user=staff_user, run_id=first.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert created and second.version == 2 and second.status == ReportRun.Status.DONE
    assert first.docx.name != second.docx.name and first.docx.storage.exists(first.docx.name)
    assert second.docx.name.rsplit("/", 2)[-2] == f"half_year-v2-{second.pk}"


def test_a_failure_keeps_its_reason(staff_user, monkeypatch):
    from reports.summary import build

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "build_summary", broken)
    run, _ = services.report_start(user=staff_user, **H1)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and "disk full" in run.error and not run.docx


def test_the_sweeper_fails_runs_whose_worker_died(staff_user):
    now = timezone.now()
    dead, _ = services.report_create(user=staff_user, **H1)
    alive, _ = services.report_create(user=staff_user, kind=ReportRun.Kind.FULL_YEAR, year=2023, period="Y")
    never, _ = services.report_create(user=staff_user, kind=ReportRun.Kind.HALF_YEAR, year=2023, period="H2")
    ReportRun.objects.filter(pk=dead.pk).update(status="running", heartbeat_at=now - services.STALE_AFTER * 2)
    ReportRun.objects.filter(pk=alive.pk).update(status="running", heartbeat_at=now - dt.timedelta(seconds=30))
    ReportRun.objects.filter(pk=never.pk).update(created_at=now - services.QUEUED_TOO_LONG * 2)
    assert services.report_sweep(now) == 2
    statuses = dict(ReportRun.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", alive.pk: "running", never.pk: "failed"}
    dead.refresh_from_db()
    assert "意外中断" in dead.error
    # The worker that was only slow finishes later: its files are not attached to a failed run.
    assert services.report_build(dead.pk).status == ReportRun.Status.FAILED


def test_the_monthly_brief_once_a_month(registered):
    run = services.report_monthly(today=dt.date(2023, 7, 1))
    assert run.status == ReportRun.Status.DONE and (run.year, run.period, run.kind) == (2023, "M06", "monthly")
    assert services.report_monthly(today=dt.date(2023, 7, 1)) is None  # beat fired twice
    with run.docx.open("rb") as handle:
        doc = Document(handle)
    assert doc.paragraphs[0].text == "2023年6月科技创新主要指标月报"
    table = doc.tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == len(registry.all_kpis())
    assert rows["科技型中小企业入库"][2:4] == ["3", "3"]  # June alone, and January–June


def test_wrong_periods_are_refused(staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_create(user=staff_user, kind=ReportRun.Kind.HALF_YEAR, year=2023, period="Y")
    with pytest.raises(ValidationError):
        services.report_create(user=staff_user, kind=ReportRun.Kind.HALF_YEAR, year=1800, period="H1")


# ---- pages ---------------------------------------------------------------------------------


def test_staff_starts_a_build_and_downloads_it(client, staff_user, registered):
    client.force_login(staff_user)
    response = client.post(reverse("reports:reportrun_list"), {"year": 2023, "period": "H1"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:reportrun_detail", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "下载Word文档" in page
    download = client.get(reverse("reports:reportrun_download", args=[run.pk, "docx"]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    Document(io.BytesIO(b"".join(download.streaming_content)))
    assert client.get(reverse("reports:reportrun_download", args=[run.pk, "pdf"])).status_code == 404


def test_the_queue_down_says_so_and_nothing_500(client, staff_user, redis_down):  # noqa: F811
    client.force_login(staff_user)
    started = time.monotonic()
    response = client.post(reverse("reports:reportrun_list"), {"year": 2023, "period": "H1"}, follow=True)
    assert time.monotonic() - started < 4
    assert response.status_code == 200 and "任务队列暂不可用" in response.content.decode()
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.FAILED and "任务队列暂不可用" in run.error
    assert "重新生成" in response.content.decode()
    assert client.get(reverse("reports:reportrun_list")).status_code == 200
    retry = client.post(reverse("reports:reportrun_retry", args=[run.pk]), follow=True)
    assert retry.status_code == 200 and ReportRun.objects.filter(status="failed").count() == 2


def test_the_status_fragment_polls_while_active(client, staff_user):
    client.force_login(staff_user)
    run, _ = services.report_create(user=staff_user, **H1)
    ReportRun.objects.filter(pk=run.pk).update(status="running", phase="计算区镇排名", percent=35)
    fragment = client.get(reverse("reports:reportrun_status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "计算区镇排名" in fragment and "35%" in fragment
    listing = client.get(reverse("reports:reportrun_list")).content.decode()
    assert 'hx-trigger="every 3s"' in listing
    ReportRun.objects.filter(pk=run.pk).update(status="failed", error="原因<b>x</b>")
    fragment = client.get(reverse("reports:reportrun_status", args=[run.pk])).content.decode()
    assert "hx-trigger" not in fragment and "原因&lt;b&gt;x&lt;/b&gt;" in fragment


def test_staff_writes_paragraphs_shown_as_text(client, staff_user):
    client.force_login(staff_user)
    url = reverse("reports:reportnote_list") + "?year=2023&period=H1"
    response = client.post(url, {"section": "opening", "order": 1, "text": '澳斯康上榜<img src=x onerror="alert(1)">'})
    assert response.status_code == 302
    note = ReportNote.objects.get()
    assert (note.year, note.period, note.author) == (2023, "H1", staff_user)
    page = client.get(url).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page and "<img src=x" not in page
    edit = reverse("reports:reportnote_edit", args=[note.pk])
    client.post(edit, {"section": "plans", "order": 2, "text": "下半年打算"})
    note.refresh_from_db()
    assert note.section == "plans" and note.text == "下半年打算"
    client.post(edit, {"delete": "1"})
    assert not ReportNote.objects.exists()


def test_leader_reads_and_downloads_but_starts_nothing(client, leader_user, staff_user, registered):
    run, _ = services.report_start(user=staff_user, **H1)
    client.force_login(leader_user)
    assert client.get(reverse("reports:reportrun_list")).status_code == 200
    assert client.get(reverse("reports:reportrun_download", args=[run.pk, "xlsx"])).status_code == 200
    assert client.post(reverse("reports:reportrun_list"), {"year": 2023, "period": "H1"}).status_code == 403
    assert client.post(reverse("reports:reportrun_retry", args=[run.pk])).status_code == 403
    notes = reverse("reports:reportnote_list")
    assert client.post(notes, {"section": "opening", "order": 1, "text": "x"}).status_code == 403


def test_a_town_officer_gets_404_everywhere(client, officer, staff_user, registered):
    run, _ = services.report_start(user=staff_user, **H1)
    note = ReportNote.objects.create(year=2023, period="H1", section="opening", text="x")
    client.force_login(officer)
    for url in [
        reverse("reports:reportrun_list"),
        reverse("reports:reportrun_detail", args=[run.pk]),
        reverse("reports:reportrun_status", args=[run.pk]),
        reverse("reports:reportrun_download", args=[run.pk, "docx"]),
        reverse("reports:reportrun_download", args=[run.pk, "xlsx"]),
        reverse("reports:reportnote_list"),
        reverse("reports:reportnote_edit", args=[note.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:reportrun_retry", args=[run.pk])).status_code == 404
    assert client.post(reverse("reports:reportrun_list"), {"year": 2023, "period": "H1"}).status_code == 404


def test_bad_input_never_500(client, staff_user):
    client.force_login(staff_user)
    assert client.post(reverse("reports:reportrun_list"), {"year": "abc", "period": "Q9"}).status_code == 400
    assert client.get(reverse("reports:reportnote_list") + "?year=abc&period=<x>").status_code == 200
    assert client.get(reverse("reports:reportrun_list") + "?kind=<x>&page=zz").status_code == 200
    assert client.get(reverse("reports:reportrun_detail", args=[999999])).status_code == 404


def test_query_counts(client, staff_user, registered):
    run, _ = services.report_start(user=staff_user, **H1)
    for _i in range(2):
        run, _ = services.report_retry(user=staff_user, run_id=run.pk)
    ReportNote.objects.create(year=2023, period="H1", section="opening", text="x", author=staff_user)
    client.force_login(staff_user)
    assert_queries(client, "reports:reportrun_list", reverse("reports:reportrun_list"))
    assert_queries(client, "reports:reportrun_detail", reverse("reports:reportrun_detail", args=[run.pk]))
    assert_queries(client, "reports:reportrun_status", reverse("reports:reportrun_status", args=[run.pk]))
    assert_queries(client, "reports:reportnote_list", reverse("reports:reportnote_list"))


@pytest.mark.worker
def test_a_real_worker_builds_a_report(celery_worker_process, staff_user, registered):
    run, _ = services.report_start(user=staff_user, **H1)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            break
        time.sleep(0.5)
    assert run.status == ReportRun.Status.DONE, run.error
    assert run.task_id and run.docx.storage.exists(run.docx.name)
    with run.docx.open("rb") as handle:
        assert "入库3家" in "\n".join(p.text for p in Document(handle).paragraphs)


def test_two_people_editing_the_same_paragraph(client, staff_user, make_user):
    other = make_user("staff2", "bureau_staff")
    note = ReportNote.objects.create(year=2023, period="H1", section="opening", text="原文", author=staff_user)
    edit = reverse("reports:reportnote_edit", args=[note.pk])
    client.force_login(staff_user)
    form = client.get(edit).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', form).group(1)
    client.force_login(other)
    other_version = re.search(r'name="version" value="([^"]+)"', client.get(edit).content.decode()).group(1)
    assert (
        client.post(
            edit, {"section": "opening", "order": 1, "text": "同事的修改", "version": other_version}
        ).status_code
        == 302
    )
    client.force_login(staff_user)
    response = client.post(edit, {"section": "opening", "order": 1, "text": "我的修改", "version": version})
    assert (
        response.status_code == 400
        and "已被修改" in response.content.decode()
        and "同事的修改" in response.content.decode()
    )
    note.refresh_from_db()
    assert note.text == "同事的修改"


def test_the_bureau_changes_the_wording_without_a_developer(settings, tmp_path, staff_user, registered):
    from reports.summary import wording

    text = wording.DEFAULT_FILE.read_text(encoding="utf-8")
    text = text.replace('title = "上半年工作总结和下半年工作打算"', 'title = "上半年科技创新工作总结"')
    text = text.replace("科技型中小企业入库{ent.fanxing_registered}家", "科小入库达{ent.fanxing_registered}家")
    own = tmp_path / "wording.toml"
    own.write_text(text, encoding="utf-8")
    settings.REPORT_WORDING_FILE = str(own)
    run, _ = services.report_start(user=staff_user, **H1)
    run.refresh_from_db()
    with run.docx.open("rb") as handle:
        doc = Document(handle)
    assert doc.paragraphs[0].text == "上半年科技创新工作总结"
    assert "科小入库达3家" in "\n".join(p.text for p in doc.paragraphs)


def test_a_kpi_not_registered_leaves_its_sentence_out_cleanly(tmp_path, registered):
    from reports.summary import build

    kpi = registry.get_kpi("ent.fanxing_evaluated")
    registry.unregister("ent.fanxing_evaluated")
    try:
        built = build.build_summary(2023, "H1", tmp_path)
    finally:
        registry.register(kpi)
    text = "\n".join(p.text for p in Document(built.docx).paragraphs)
    # The 参评/入库 sentence needs both figures: it goes whole; the opening's 入库 clause stays.
    assert "参评" not in text and "科技型中小企业入库3家" in text
    for leftover in ("{", "}", "[", "]", "None", "，，", "；；", "。。"):
        assert leftover not in text


def test_the_download_is_named_after_the_report(client, staff_user, registered):
    from urllib.parse import unquote

    first, _ = services.report_start(user=staff_user, **H1)
    second, _ = services.report_retry(user=staff_user, run_id=first.pk)
    client.force_login(staff_user)
    response = client.get(reverse("reports:reportrun_download", args=[second.pk, "xlsx"]))
    assert "2023年上半年工作总结（第2版）（指标附表）.xlsx" in unquote(response["Content-Disposition"])

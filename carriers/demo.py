"""seed_demo's carriers and platforms: the ones the bureau's H1 2023 summary names.

From the summary: 长海大厦、謇公湖科创中心、拓鸿产业园、科技人才交流中心 — 8.8万㎡ handed to the
科技人才发展集团; 长三角药物创新中心 (东布洲科学城, 竣工验收); 6 carriers applying for provincial
incubator / maker-space level, 5 passed by Nantong; 3 operator contracts signed at the 推介会; the
platforms with their targets and projects (省船舶与海洋工程装备技术创新中心: 12 projects, 4 incubated,
1 public service platform in 2023, three projects started; 武汉大学海门集成电路研究中心: ≥ 5 projects;
沈化测试 and 海赛未来 as 省新型研发机构; the two joint research centres in preparation).

What the summary does not say is a demo assumption, marked "演示" in the note: how the 8.8万㎡
split between the four buildings, the towns, which six carriers applied, the signed operators'
names, the quarterly reports. Matched on natural keys, so a second run changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from enterprises.models import Enterprise

from . import services
from .models import (
    ApplicationStage,
    Area,
    Carrier,
    Kind,
    Level,
    LevelApplication,
    OperatorContract,
    Platform,
    PlatformKind,
    PlatformProject,
    PlatformStatus,
    PlatformTarget,
    Status,
    Tenancy,
)

ASSUMED = "演示：总结只给出合计或未列明细，此项为演示假设"

CARRIERS = [
    # name, kind, town, area ㎡, group, status, area, new build, opened
    ("长海大厦", Kind.INCUBATOR, "海门街道", 30000, True, Status.OPERATING, "", False, dt.date(2019, 6, 1)),
    (
        "謇公湖科创中心",
        Kind.INCUBATOR,
        "海门街道",
        25000,
        True,
        Status.OPERATING,
        Area.JIANGONGHU,
        True,
        dt.date(2021, 9, 1),
    ),
    (
        "拓鸿产业园",
        Kind.SCIENCE_PARK,
        "海门经济技术开发区",
        23000,
        True,
        Status.OPERATING,
        "",
        True,
        dt.date(2020, 10, 1),
    ),
    ("科技人才交流中心", Kind.MAKER_SPACE, "海门街道", 10000, True, Status.OPERATING, "", False, dt.date(2018, 5, 1)),
    ("长三角药物创新中心", Kind.ACCELERATOR, "临江新区", 60000, False, Status.BUILDING, Area.DONGBUZHOU, True, None),
    (
        "海门临江科创孵化器",
        Kind.INCUBATOR,
        "临江新区",
        18000,
        False,
        Status.OPERATING,
        Area.DONGBUZHOU,
        True,
        dt.date(2021, 3, 1),
    ),
    ("大生科创园", Kind.SCIENCE_PARK, "三厂街道", 120000, False, Status.PLANNED, Area.DASHENG, True, None),
]

# 6 applied for provincial level in H1 2023 (区推荐), 5 passed the Nantong review.
APPLICANTS = [
    ("长海大厦", Kind.INCUBATOR, True),
    ("謇公湖科创中心", Kind.INCUBATOR, True),
    ("拓鸿产业园", Kind.INCUBATOR, True),
    ("科技人才交流中心", Kind.MAKER_SPACE, True),
    ("海门临江科创孵化器", Kind.INCUBATOR, True),
    ("长三角药物创新中心", Kind.INCUBATOR, False),
]
RECOMMENDED_ON = dt.date(2023, 3, 20)
CITY_PASSED_ON = dt.date(2023, 5, 30)

CONTRACTS = [
    ("謇公湖科创中心", "专业化运营机构甲（演示）", OperatorContract.Stage.SIGNED, dt.date(2023, 4, 18)),
    ("拓鸿产业园", "专业化运营机构乙（演示）", OperatorContract.Stage.SIGNED, dt.date(2023, 4, 18)),
    ("海门临江科创孵化器", "专业化运营机构丙（演示）", OperatorContract.Stage.SIGNED, dt.date(2023, 4, 18)),
    ("长海大厦", "小马科技", OperatorContract.Stage.TALKS, None),  # 下半年重点关注的洽谈对接
    ("科技人才交流中心", "邦程科技", OperatorContract.Stage.TALKS, None),
]

REPORTS = [
    # carrier, year, quarter, planned, actual, assessment, issues
    ("长三角药物创新中心", 2023, 1, 90, 88, "good", ""),
    ("长三角药物创新中心", 2023, 2, 100, 100, "excellent", "已完成竣工验收"),
    ("大生科创园", 2023, 1, 5, 2, "pass", "建设规划已出台，前期手续办理中"),
    ("大生科创园", 2023, 2, 20, 6, "fail", "城市设计未定稿，前期工作滞后（演示）"),
]

PLATFORMS = [
    # name, kind, level, partner, town, status
    ("省船舶与海洋工程装备技术创新中心", PlatformKind.INNOVATION_CENTER, Level.PROVINCIAL,
     "江苏科技大学、中国造船学会（战略合作）", "海门港新区", PlatformStatus.PREPARING),
    ("武汉大学海门集成电路研究中心", PlatformKind.RESEARCH_CENTER, Level.NONE, "武汉大学", "海门街道", PlatformStatus.RUNNING),  # noqa: E501
    ("沈化测试", PlatformKind.NEW_RD, Level.PROVINCIAL, "", "临江新区", PlatformStatus.RUNNING),
    ("海赛未来", PlatformKind.NEW_RD, Level.PROVINCIAL, "", "临江新区", PlatformStatus.RUNNING),
    ("金轮针布-西北工业大学联合研究中心", PlatformKind.RESEARCH_CENTER, Level.NONE, "西北工业大学", "海门经济技术开发区", PlatformStatus.PREPARING),  # noqa: E501
    ("艾郎风电-同济大学风电叶片研究院", PlatformKind.INSTITUTE, Level.NONE, "同济大学", "海门经济技术开发区", PlatformStatus.PREPARING),  # noqa: E501
]  # fmt: skip
TARGETS = [
    ("省船舶与海洋工程装备技术创新中心", 12, 4, 1),
    ("武汉大学海门集成电路研究中心", 5, 0, 0),
]
STARTED_ON = dt.date(2023, 5, 26)  # 省高技术船舶海工论坛暨项目路演签约活动
PROJECTS = [
    ("省船舶与海洋工程装备技术创新中心", "海洋导航装备技术研究所", PlatformProject.Stage.STARTED, STARTED_ON),
    ("省船舶与海洋工程装备技术创新中心", "水下导链器的设计与生产", PlatformProject.Stage.STARTED, STARTED_ON),
    ("省船舶与海洋工程装备技术创新中心", "海洋安全装备与技术研究所", PlatformProject.Stage.STARTED, STARTED_ON),
    (
        "省船舶与海洋工程装备技术创新中心",
        "船舶海工现场维修保障增材再制造技术与装备",
        PlatformProject.Stage.RESEARCH,
        None,
    ),
]
TENANTS_PER_CARRIER = 4


@transaction.atomic
def seed(*, users, towns, year=2023) -> dict:
    staff = users.get("staff") or users.get("admin")
    counts = {
        "carriers": 0,
        "applications": 0,
        "contracts": 0,
        "reports": 0,
        "platforms": 0,
        "projects": 0,
        "tenants": 0,
    }
    carriers = {}
    for name, kind, town, sqm, group, status, area, new, opened in CARRIERS:
        carrier = Carrier.objects.filter(name=name).first()
        if carrier is None:
            carrier = services.carrier_save(
                instance=Carrier(
                    name=name, kind=kind, town=towns[town], area_sqm=Decimal(sqm), group_managed=group,
                    status=status, area=area, new_build=new, opened_on=opened,
                    operator="南通海门科技人才发展集团有限公司" if group else "",
                    note=ASSUMED if name not in ("长三角药物创新中心",) else "",
                ),
                user=staff,
            )  # fmt: skip
            counts["carriers"] += 1
        carriers[name] = carrier

    for name, applied_as, passed in APPLICANTS:
        carrier = carriers[name]
        if LevelApplication.objects.filter(carrier=carrier, target_level=Level.PROVINCIAL, year=year).exists():
            continue
        application = services.application_enter(
            instance=LevelApplication(carrier=carrier, target_level=Level.PROVINCIAL, applied_as=applied_as, year=year),
            user=staff,
            on=RECOMMENDED_ON,
        )
        if passed:
            services.application_advance(
                application=application, to_stage=ApplicationStage.CITY_PASSED, user=staff, on=CITY_PASSED_ON
            )
        counts["applications"] += 1

    for name, company, stage, signed_on in CONTRACTS:
        carrier = carriers[name]
        if not OperatorContract.objects.filter(carrier=carrier, company=company).exists():
            contract = OperatorContract(carrier=carrier, company=company, stage=stage, signed_on=signed_on)
            services.record_save(instance=contract, user=staff)
            counts["contracts"] += 1

    for name, y, q, planned, actual, assessment, issues in REPORTS:
        carrier = carriers[name]
        if not carrier.reports.filter(year=y, quarter=q).exists():
            report = carrier.reports.model(
                carrier=carrier, year=y, quarter=q, planned_pct=Decimal(planned), actual_pct=Decimal(actual),
                assessment=assessment, issues=issues,
            )  # fmt: skip
            services.record_save(instance=report, user=staff)
            counts["reports"] += 1

    # A few of each operating carrier's town's enterprises as tenants, so the 科小/高企 counts show.
    for carrier in carriers.values():
        if carrier.opened_on is None or carrier.tenancies.exists():
            continue
        taken = Tenancy.objects.values("enterprise_id")
        candidates = Enterprise.objects.filter(town=carrier.town).exclude(pk__in=taken).order_by("credit_code")
        for enterprise in candidates[:TENANTS_PER_CARRIER]:
            moved_in = max(carrier.opened_on, dt.date(2022, 1, 1))
            services.record_save(
                instance=Tenancy(carrier=carrier, enterprise=enterprise, moved_in_on=moved_in), user=staff
            )
            counts["tenants"] += 1

    platforms = {}
    for name, kind, level, partner, town, status in PLATFORMS:
        platform = Platform.objects.filter(name=name).first()
        if platform is None:
            platform = Platform(name=name, kind=kind, level=level, partner=partner, town=towns[town], status=status)
            services.record_save(instance=platform, user=staff)
            counts["platforms"] += 1
        platforms[name] = platform
    for name, projects, incubated, service in TARGETS:
        if not PlatformTarget.objects.filter(platform=platforms[name], year=year).exists():
            target = PlatformTarget(
                platform=platforms[name], year=year, projects=projects, incubated=incubated, service_platforms=service
            )
            services.record_save(instance=target, user=staff)
    for name, title, stage, started_on in PROJECTS:
        if not PlatformProject.objects.filter(platform=platforms[name], year=year, title=title).exists():
            project = PlatformProject(
                platform=platforms[name], title=title, stage=stage, year=year, started_on=started_on
            )
            services.record_save(instance=project, user=staff)
            counts["projects"] += 1
    return counts

"""Demo dictionaries and users (seed_demo). Idempotent: every row is matched on its natural key.

The towns are Haimen's 15 streets, towns and parks. The seed names "5个产业链12个重点招商方向"
without listing them; the chains and directions below follow the fields the seed names
(电子信息、生物医药、现代家纺、先进制造、船舶海工、特医食品) and are editable in the admin.
"""

from decimal import Decimal

from django.db import transaction

from .models import IndustryChain, InvestDirection, Target, Town

TOWNS = [
    # name, short name, aliases, kind
    ("海门街道", "海门", ["海门街道办事处", "海门镇"], Town.Kind.STREET),
    ("三厂街道", "三厂", ["三厂街道办事处", "三厂镇"], Town.Kind.STREET),
    ("滨江街道", "滨江", ["滨江街道办事处"], Town.Kind.STREET),
    ("常乐镇", "常乐", [], Town.Kind.TOWN),
    ("悦来镇", "悦来", [], Town.Kind.TOWN),
    ("四甲镇", "四甲", [], Town.Kind.TOWN),
    ("余东镇", "余东", [], Town.Kind.TOWN),
    ("正余镇", "正余", [], Town.Kind.TOWN),
    ("包场镇", "包场", [], Town.Kind.TOWN),
    ("临江镇", "临江", [], Town.Kind.TOWN),
    ("三星镇", "三星", [], Town.Kind.TOWN),
    ("海永镇", "海永", [], Town.Kind.TOWN),
    ("海门经济技术开发区", "开发区", ["海门开发区", "经济技术开发区", "海门经济开发区", "经开区"], Town.Kind.PARK),
    ("临江新区", "临江新区", ["海门临江新区"], Town.Kind.PARK),
    ("海门港新区", "港新区", ["海门港", "江苏海门港新区"], Town.Kind.PARK),
]

CHAINS = [
    ("生物医药", ["创新药与生物制品", "高端医疗器械", "特医食品与大健康"]),
    ("新一代信息技术", ["集成电路", "电子信息与智能终端"]),
    ("高端装备", ["船舶与海洋工程装备", "智能制造装备", "新能源装备"]),
    ("新材料", ["先进纤维与高分子材料", "新能源材料"]),
    ("现代纺织与科技服务", ["功能性家纺", "检验检测与科技服务"]),
]

# 2023 district targets written in the seed ("全年..."), by KPI code of SPEC §3.
TARGETS_2023 = {
    "invest.signed": ("200", "全年招引科创项目力争达到200个"),
    "invest.key_signed": ("60", "其中重点科创项目不少于60个"),
    "invest.events": ("58", "上半年28场，下半年主题活动不少于30次"),
    "ent.qiangji_pool": ("500", "建立不少于500家的高企培育库"),
    "ent.leading_pool": ("50", "建立不少于50家的领军型企业培育库"),
    "ent.key_visit_coverage": ("100", "对重点企业做到家家到"),
    "coop.ia_projects": ("160", "年内实施产学研项目不少于160项"),
    "coop.ia_events": ("24", "每月开展产学研活动不少于2次"),
    "platform.projects": ("12", "创新中心年内招引实施各类创新项目不少于12项"),
}

DEMO_USERS = [
    # username, role, family name, given name, town
    ("admin", "bureau_admin", "系统", "管理员", None),
    ("staff", "bureau_staff", "张", "科员", None),
    ("leader", "leader", "王", "局长", None),
    ("officer", "town_officer", "陈", "网格员", "常乐镇"),
]

# 区镇科技网格员 of the other 14 towns (常乐镇's is `officer` above): every enterprise of a town
# has its town's grid officer, so each town's list, visits and scope can be shown as that
# officer sees them. Same password as the SPEC users, since they are demo accounts too.
GRID_OFFICERS = [
    ("grid_haimen", "town_officer", "顾", "建华", "海门街道"),
    ("grid_sanchang", "town_officer", "施", "卫东", "三厂街道"),
    ("grid_binjiang", "town_officer", "黄", "晓燕", "滨江街道"),
    ("grid_yuelai", "town_officer", "沈", "志强", "悦来镇"),
    ("grid_sijia", "town_officer", "陆", "海峰", "四甲镇"),
    ("grid_yudong", "town_officer", "茅", "丽娟", "余东镇"),
    ("grid_zhengyu", "town_officer", "倪", "国平", "正余镇"),
    ("grid_baochang", "town_officer", "袁", "永刚", "包场镇"),
    ("grid_linjiang", "town_officer", "徐", "春梅", "临江镇"),
    ("grid_sanxing", "town_officer", "季", "红兵", "三星镇"),
    ("grid_haiyong", "town_officer", "蔡", "明", "海永镇"),
    ("grid_kaifaqu", "town_officer", "杨", "振宇", "海门经济技术开发区"),
    ("grid_linjiangxinqu", "town_officer", "姜", "文静", "临江新区"),
    ("grid_haimengang", "town_officer", "邱", "勇", "海门港新区"),
]


@transaction.atomic
def seed_dictionaries(year=2023):
    towns = {}
    for order, (name, short, aliases, kind) in enumerate(TOWNS, start=1):
        town, _ = Town.objects.update_or_create(
            name=name, defaults={"short_name": short, "aliases": aliases, "kind": kind, "order": order}
        )
        towns[name] = town
    for chain_order, (chain_name, directions) in enumerate(CHAINS, start=1):
        chain, _ = IndustryChain.objects.update_or_create(name=chain_name, defaults={"order": chain_order})
        for order, direction in enumerate(directions, start=1):
            InvestDirection.objects.update_or_create(chain=chain, name=direction, defaults={"order": order})
    for kpi, (value, note) in TARGETS_2023.items():
        # At the column's 4 places, so a re-run compares equal and leaves no change-log entry.
        value = Decimal(value).quantize(Decimal("0.0001"))
        Target.objects.update_or_create(year=year, kpi=kpi, town=None, defaults={"value": value, "note": note})
    return towns


@transaction.atomic
def seed_users(password, towns):
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    # One hash for every demo account: they share one published password anyway, and hashing
    # it 18 times at full strength would make every re-run of seed_demo seconds slower.
    password_hash = make_password(password)
    users = {}
    for username, role, last, first, town_name in DEMO_USERS + GRID_OFFICERS:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.last_name, user.first_name = last, first
        user.town = towns[town_name] if town_name else None
        user.is_staff = role == "bureau_admin"  # the Django admin is the bureau admin's tool
        user.is_superuser = role == "bureau_admin"
        user.password = password_hash
        user.save()
        users[username] = user
    return users

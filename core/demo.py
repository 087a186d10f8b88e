"""Demo users (seed_demo), on top of the reference data of fixtures/ (core/reference.py).

Idempotent: every row is matched on its natural key. The towns, chains, directions and targets
are files in fixtures/ (fixtures/README.md says where each comes from), editable in the admin.
"""

from django.db import transaction

from .reference import load_reference_data

DEMO_USERS = [
    # username, role, family name, given name, town
    ("admin", "bureau_admin", "系统", "管理员", None),
    ("staff", "bureau_staff", "张", "科员", None),
    ("leader", "leader", "王", "局长", None),
    ("officer", "town_officer", "陈", "网格员", "常乐镇"),
]

# 区镇科技网格员 of the other 14 towns (常乐镇's is `officer` above): every enterprise of a town
# has its town's grid officer, so each town's list, visits and scope can be shown as that
# officer sees them. Same password as the four named demo users, since they are demo accounts too.
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


def seed_dictionaries():
    """The reference data of fixtures/ (towns, chains and directions, targets); {name: Town}."""
    return load_reference_data()["towns"]


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

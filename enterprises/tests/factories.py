import datetime as dt
import io

import factory

from core.demo_codes import credit_code
from enterprises.models import Enterprise, Visit


def valid_credit_code(serial: int) -> str:
    return credit_code(10_000_000 + serial)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"南通海门测试科技有限公司{n:04d}")
    credit_code = factory.Sequence(lambda n: credit_code(20_000_000 + n))


class EnterpriseYearFactory(factory.django.DjangoModelFactory):
    """Figures of a year that pass the 高企 thresholds unless a test changes them."""

    class Meta:
        model = "enterprises.EnterpriseYear"

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2022
    revenue = 3000
    rd_expense = 180
    rd_expense_domestic = 170
    hitech_revenue = 2100
    total_costs = 2500
    total_assets = 6000
    net_assets = 2000
    employees = 100
    rd_staff = 20
    ip_class1 = 1
    ip_class2 = 5
    conversions = 5


class RDProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enterprises.RDProject"

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2023
    title = factory.Sequence(lambda n: f"高性能材料研发项目{n}")
    budget = 100
    filed_on = factory.LazyAttribute(lambda o: __import__("datetime").date(o.year, 3, 1))


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit row written directly; tests of the rules go through services.visit_record."""

    class Meta:
        model = Visit

    enterprise = factory.SubFactory(EnterpriseFactory)
    visited_on = factory.LazyFunction(lambda: dt.date(2023, 5, 10))
    kind = Visit.Kind.ONSITE
    content = "了解企业研发项目备案情况"


def image_upload(name="photo.jpg", *, fmt="JPEG", size=(64, 48), color=(30, 120, 200)):
    """A real small image made with Pillow, as an uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)

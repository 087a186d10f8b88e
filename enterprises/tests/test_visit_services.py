"""Visit writes: photo checks by content, dates, needs, follow-up rule, last_visited_on upkeep."""

import datetime as dt
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enterprises import services
from enterprises.models import Visit, VisitPhoto
from enterprises.tests.factories import EnterpriseFactory, image_upload

pytestmark = pytest.mark.django_db


def _visit(enterprise, **fields):
    values = {"visited_on": dt.date(2023, 5, 10), "kind": Visit.Kind.ONSITE, "content": "了解研发投入", **fields}
    return Visit(enterprise=enterprise, **values)


# ---- validate_photo -----------------------------------------------------------------------


def test_real_small_jpeg_and_png_pass():
    assert services.validate_photo(image_upload("a.jpg", fmt="JPEG")) == "jpg"
    assert services.validate_photo(image_upload("b.png", fmt="PNG")) == "png"


def test_a_png_named_jpg_is_stored_as_what_it_is():
    assert services.validate_photo(image_upload("现场.jpg", fmt="PNG")) == "png"


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("走访记录.jpg", "这不是图片，只是文字".encode(), "image/jpeg"),
            "“走访记录.jpg”不是JPEG或PNG图片",
        ),
        (image_upload("动图.gif", fmt="GIF"), "“动图.gif”不是JPEG或PNG图片"),
    ],
)
def test_files_that_are_not_jpeg_or_png_are_refused_naming_the_file(upload, message):
    with pytest.raises(ValidationError) as exc:
        services.validate_photo(upload)
    assert message in exc.value.messages[0]


def test_a_photo_over_5mb_is_refused():
    big = SimpleUploadedFile("大图.jpg", image_upload().read() + b"\0" * (5 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.validate_photo(big)
    assert "照片“大图.jpg”大小5.0MB，超过5MB" in exc.value.messages[0]


def test_exactly_5mb_is_allowed():
    head = image_upload(size=(8, 8)).read()
    assert len(head) < 5 * 1024 * 1024
    # A JPEG padded after its end marker to exactly the limit still decodes.
    upload = SimpleUploadedFile("刚好.jpg", head + b"\0" * (5 * 1024 * 1024 - len(head)), "image/jpeg")
    assert services.validate_photo(upload) == "jpg"


def test_a_truncated_jpeg_is_refused():
    whole = image_upload(size=(640, 480)).read()
    truncated = SimpleUploadedFile("半张.jpg", whole[: len(whole) // 2], "image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.validate_photo(truncated)
    assert "“半张.jpg”图片已损坏或不完整" in exc.value.messages[0]


def test_a_truncated_png_is_refused():
    whole = image_upload("截图.png", fmt="PNG", size=(640, 480)).read()
    with pytest.raises(ValidationError) as exc:
        services.validate_photo(SimpleUploadedFile("截图.png", whole[:-40], "image/png"))
    assert "“截图.png”图片已损坏或不完整" in exc.value.messages[0]


def test_a_huge_pixel_count_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(services, "PHOTO_MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as exc:
        services.validate_photo(image_upload("全景.jpg", size=(20, 20)))
    assert "像素过大" in exc.value.messages[0]


# ---- visit_record ---------------------------------------------------------------------------


def test_record_sets_officer_photos_and_last_visited(officer, changle):
    ent = EnterpriseFactory(town=changle)
    visit = services.visit_record(
        instance=_visit(ent, needs=["funding", "technology", "funding"]),
        user=officer,
        photos=[image_upload("1.jpg"), image_upload("2.PNG", fmt="PNG")],
    )
    visit.refresh_from_db()
    assert visit.officer == officer
    assert visit.needs == ["technology", "funding"]  # choice order, each once
    assert sorted(p.image.name.rsplit(".", 1)[1] for p in visit.photos.all()) == ["jpg", "png"]
    ent.refresh_from_db()
    assert ent.last_visited_on == dt.date(2023, 5, 10)
    photo_entry = LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.UPDATE).get()
    assert photo_entry.changes_dict == {"照片": ["0张", "2张"]}


def test_a_visit_in_the_future_is_refused(officer, changle):
    ent = EnterpriseFactory(town=changle)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(instance=_visit(ent, visited_on=tomorrow), user=officer)
    assert exc.value.message_dict["visited_on"] == ["走访日期不能晚于今天。"]
    assert not Visit.objects.exists()


def test_today_is_allowed(officer, changle):
    ent = EnterpriseFactory(town=changle)
    services.visit_record(instance=_visit(ent, visited_on=timezone.localdate()), user=officer)
    ent.refresh_from_db()
    assert ent.last_visited_on == timezone.localdate()


def test_one_bad_photo_saves_nothing_and_names_every_bad_file(officer, changle, settings):
    ent = EnterpriseFactory(town=changle)
    fake = SimpleUploadedFile("报告.jpg", b"plain text, renamed", "image/jpeg")
    gif = image_upload("动图.gif", fmt="GIF")
    with pytest.raises(ValidationError) as exc:
        services.visit_record(instance=_visit(ent), user=officer, photos=[image_upload("好.jpg"), fake, gif])
    messages = exc.value.message_dict["photos"]
    assert any("报告.jpg" in m for m in messages) and any("动图.gif" in m for m in messages)
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()
    ent.refresh_from_db()
    assert ent.last_visited_on is None
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_more_than_nine_photos_are_refused(officer, changle):
    ent = EnterpriseFactory(town=changle)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(instance=_visit(ent), user=officer, photos=[image_upload() for _ in range(10)])
    assert "每条走访最多9张照片" in exc.value.message_dict["photos"][0]


def test_resolved_needs_a_resolution(officer, changle):
    ent = EnterpriseFactory(town=changle)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(instance=_visit(ent, follow_up=Visit.FollowUp.RESOLVED, resolution="  "), user=officer)
    assert exc.value.message_dict["resolution"] == ["跟进状态为“已解决”时，请填写办理结果。"]


def test_unknown_needs_are_refused(officer, changle):
    ent = EnterpriseFactory(town=changle)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(instance=_visit(ent, needs=["technology", "lunch"]), user=officer)
    assert "企业需求只能从" in exc.value.message_dict["needs"][0]


def test_an_officer_cannot_record_a_visit_to_another_towns_enterprise(officer, sanxing):
    ent = EnterpriseFactory(town=sanxing)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(instance=_visit(ent), user=officer)
    assert "enterprise" in exc.value.message_dict
    assert not Visit.objects.exists()


def test_last_visited_follows_edits_moves_and_deletes(officer, staff_user, changle):
    first, second = EnterpriseFactory(town=changle), EnterpriseFactory(town=changle)
    early = services.visit_record(instance=_visit(first, visited_on=dt.date(2023, 3, 1)), user=officer)
    late = services.visit_record(instance=_visit(first, visited_on=dt.date(2023, 6, 1)), user=officer)
    first.refresh_from_db()
    assert first.last_visited_on == dt.date(2023, 6, 1)

    late.visited_on = dt.date(2023, 2, 1)  # a wrong date corrected downwards
    services.visit_record(instance=late, user=officer)
    first.refresh_from_db()
    assert first.last_visited_on == dt.date(2023, 3, 1)

    early.enterprise = second  # recorded on the wrong enterprise: both dates follow
    services.visit_record(instance=early, user=officer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.last_visited_on, second.last_visited_on) == (dt.date(2023, 2, 1), dt.date(2023, 3, 1))

    services.visit_delete(instance=late, user=staff_user)
    first.refresh_from_db()
    assert first.last_visited_on is None


def test_edit_keeps_the_first_officer(officer, staff_user, changle):
    ent = EnterpriseFactory(town=changle)
    visit = services.visit_record(instance=_visit(ent), user=officer)
    visit.follow_up, visit.problem = Visit.FollowUp.IN_PROGRESS, "缺研发人员"
    services.visit_record(instance=visit, user=staff_user)
    visit.refresh_from_db()
    assert visit.officer == officer


def test_only_bureau_staff_remove_photos_and_files_go_with_them(
    officer, staff_user, changle, django_capture_on_commit_callbacks
):
    ent = EnterpriseFactory(town=changle)
    visit = services.visit_record(instance=_visit(ent), user=officer, photos=[image_upload(), image_upload()])
    photo = visit.photos.first()
    path = Path(photo.image.path)
    services.visit_photo_thumbnail(photo)
    thumbnail = path.with_name(path.stem + ".thumb.jpg")
    assert thumbnail.exists()
    with pytest.raises(PermissionDenied):
        services.visit_record(instance=visit, user=officer, remove_photos=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_record(instance=visit, user=staff_user, remove_photos=[photo.pk])
    assert visit.photos.count() == 1
    assert not path.exists() and not thumbnail.exists()
    entry = LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.changes_dict == {"照片": ["2张", "1张"]}


def test_thumbnail_is_a_small_jpeg_made_once(officer, changle):
    from PIL import Image

    ent = EnterpriseFactory(town=changle)
    visit = services.visit_record(
        instance=_visit(ent), user=officer, photos=[image_upload("大.png", fmt="PNG", size=(1600, 1200))]
    )
    photo = visit.photos.get()
    name = services.visit_photo_thumbnail(photo)
    assert services.visit_photo_thumbnail(photo) == name
    with photo.image.storage.open(name) as handle, Image.open(handle) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 480

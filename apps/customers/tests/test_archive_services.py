"""Archive services: duplicates at create, merging with history kept, hand-over, phone reveals, attachments."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.customers import services
from apps.customers.models import (
    Activity,
    Customer,
    GradeChange,
    Lead,
    Opportunity,
    PoolEvent,
    Tag,
    VisitPlan,
)
from apps.org import selectors as org_selectors
from core.models import Attachment, AuditEvent
from core.testing import personas as p
from core.testing.helpers import user

from .factories import make_customer

pytestmark = pytest.mark.django_db


# -- create and duplicates ---------------------------------------------------------------------------------------

def test_create_derives_keys_division_names_and_region_from_the_address():
    customer = make_customer(name="北京艾礼富印务有限公司", phone="+86 138-1234-5678", province_code="110000",
                             city_code="110100", district_code="110105")
    assert (customer.phone, customer.phone_digits, customer.phone_reversed) == (
        "+8613812345678", "13812345678", "87654321831")
    assert (customer.province, customer.city, customer.district) == ("北京市", "北京市", "朝阳区")
    assert customer.region.code == "beijing"
    assert customer.name_initials == "bjalfywyxgs"
    assert customer.org_unit == org_selectors.unit_of(user(p.NORTH_REP))


def test_a_duplicate_phone_is_refused_naming_the_existing_customer():
    existing = make_customer(phone="13800000001")
    with pytest.raises(services.DuplicateCustomer) as caught:
        make_customer(phone="+86 138 0000 0001")
    assert caught.value.existing == existing
    assert existing.name in caught.value.message_dict["phone"][0]


def test_a_duplicate_allowed_on_purpose_is_saved_and_flagged():
    existing = make_customer(name="广州恒达包装有限公司")
    flagged = make_customer(name="广州恒达包装有限责任公司", allow_duplicate=True)
    assert flagged.duplicate_of == existing


# -- merge ---------------------------------------------------------------------------------------------------------

def _related_records(customer, rep):
    now = timezone.now()
    Activity.objects.create(customer=customer, kind="call", subject="首次电话", occurred_at=now, owner=rep)
    Opportunity.objects.create(customer=customer, name="换新机", owner=rep)
    Lead.objects.create(name="王经理", customer=customer, owner=rep)
    VisitPlan.objects.create(owner=rep, customer=customer, planned_on=datetime.date(2026, 12, 1))
    PoolEvent.objects.create(customer=customer, kind="claim", to_owner=rep)
    GradeChange.objects.create(customer=customer, old_grade="", new_grade="C")
    Attachment.objects.create(content_type=ContentType.objects.get_for_model(Customer), object_id=customer.pk,
                              file="attachments/x.pdf", name="营业执照.pdf", size=10)


def test_merge_moves_every_related_record_and_fills_the_empty_fields():
    rep, director = user(p.NORTH_REP), user(p.DIRECTOR)
    keep = make_customer(name="北京华印彩色印刷有限公司", contacts=[{"name": "张伟"}])
    duplicate = make_customer(name="北京华印彩印厂", industry="印刷", province_code="110000", city_code="110100",
                              annual_purchase=Decimal("50000"), contacts=[{"name": "李娜", "phone": "13700000002"}],
                              tags=[Tag.objects.create(name="展会2026")])
    _related_records(duplicate, rep)

    services.merge_customers(actor=director, keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert {c.name for c in keep.contacts.all()} == {"张伟", "李娜"}
    assert keep.contacts.filter(is_primary=True).count() == 1
    for related in ("activities", "opportunities", "leads", "visit_plans", "pool_events", "grade_changes"):
        assert getattr(keep, related).count() == 1, related
        assert getattr(duplicate, related).count() == 0, related
    assert [t.name for t in keep.tags.all()] == ["展会2026"]
    assert Attachment.objects.get(name="营业执照.pdf").object_id == keep.pk
    assert (keep.industry, keep.city, keep.annual_purchase) == ("印刷", "北京市", Decimal("50000"))
    assert keep.region.code == "beijing"
    assert keep.name == "北京华印彩色印刷有限公司"  # the kept record's values win


def test_merge_keeps_history_and_writes_an_audit_event():
    director = user(p.DIRECTOR)
    keep, duplicate = make_customer(), make_customer()
    services.merge_customers(actor=director, keep=keep, duplicate=duplicate)
    assert keep.history.first().history_change_reason == f"merged #{duplicate.pk} {duplicate.name}"
    assert duplicate.history.first().history_user == director
    event = AuditEvent.objects.get(action="admin_change", detail__event="customer_merged")
    assert (event.actor, event.detail["kept"], event.detail["merged"]) == (director, keep.pk, duplicate.pk)


def test_merge_clears_the_flag_and_repoints_other_flags():
    original = make_customer(name="深圳鑫源印务有限公司")
    flagged = make_customer(name="深圳鑫源印务有限责任公司", allow_duplicate=True)
    third = make_customer(name="深圳鑫源印务厂", allow_duplicate=True)
    assert third.duplicate_of == original
    services.merge_customers(actor=user(p.DIRECTOR), keep=flagged, duplicate=original)
    flagged.refresh_from_db()
    third.refresh_from_db()
    assert flagged.duplicate_of is None
    assert third.duplicate_of == flagged


def test_merge_refuses_the_same_customer_and_an_already_merged_one():
    director = user(p.DIRECTOR)
    keep, duplicate, other = make_customer(), make_customer(), make_customer()
    with pytest.raises(ValidationError):
        services.merge_customers(actor=director, keep=keep, duplicate=keep)
    services.merge_customers(actor=director, keep=keep, duplicate=duplicate)
    with pytest.raises(ValidationError):
        services.merge_customers(actor=director, keep=other, duplicate=duplicate)


def test_a_merged_customer_no_longer_counts_as_a_duplicate():
    original = make_customer(phone="13800000009")
    keep = make_customer()
    services.merge_customers(actor=user(p.DIRECTOR), keep=keep, duplicate=original)
    assert make_customer(phone="13800000009").duplicate_of is None


def test_dismissing_a_flag_clears_it():
    make_customer(name="杭州天成纸业有限公司")
    flagged = make_customer(name="杭州天成纸业厂", allow_duplicate=True)
    services.dismiss_duplicate(actor=user(p.DIRECTOR), customer=flagged)
    flagged.refresh_from_db()
    assert flagged.duplicate_of is None


# -- hand-over -------------------------------------------------------------------------------------------------------

def test_handover_moves_the_reps_customers_with_a_pool_event_and_history():
    rep, south, manager = user(p.NORTH_REP), user(p.SOUTH_REP), user(p.DIRECTOR)
    mine = [make_customer(), make_customer()]
    other = make_customer(owner=p.REGIONAL_MANAGER)

    moved = services.hand_over_customers(actor=manager, from_owner=rep, to_owner=south,
                                         customers=Customer.objects.all(), reason="离职")

    assert moved == 2
    for customer in mine:
        customer.refresh_from_db()
        assert customer.owner == south
        assert customer.org_unit.code == "branch-gz"
        event = customer.pool_events.get()
        assert (event.kind, event.from_owner, event.to_owner, event.actor, event.reason) == (
            "handover", rep, south, manager, "离职")
        assert customer.history.first().history_change_reason == "离职"
    other.refresh_from_db()
    assert other.owner == user(p.REGIONAL_MANAGER)


def test_handover_only_moves_the_given_customers():
    first, second = make_customer(), make_customer()
    moved = services.hand_over_customers(actor=user(p.DIRECTOR), from_owner=user(p.NORTH_REP),
                                         to_owner=user(p.SOUTH_REP), customers=Customer.objects.filter(pk=first.pk))
    assert moved == 1
    second.refresh_from_db()
    assert second.owner == user(p.NORTH_REP)


def test_handover_to_the_same_rep_or_an_inactive_one_is_refused():
    rep = user(p.NORTH_REP)
    with pytest.raises(ValidationError):
        services.hand_over_customers(actor=rep, from_owner=rep, to_owner=rep, customers=Customer.objects.all())
    south = user(p.SOUTH_REP)
    south.is_active = False
    with pytest.raises(ValidationError):
        services.hand_over_customers(actor=rep, from_owner=rep, to_owner=south, customers=Customer.objects.all())


# -- phone reveal and files -------------------------------------------------------------------------------------------

def test_revealing_a_phone_needs_the_right_and_is_audited():
    customer = make_customer(phone="13812345678", contacts=[{"name": "张伟", "phone": "13912345678"}])
    with pytest.raises(PermissionDenied):
        services.reveal_phone(actor=user(p.NORTH_REP), customer=customer)
    director = user(p.DIRECTOR)
    assert services.reveal_phone(actor=director, customer=customer) == "13812345678"
    contact = customer.contacts.get()
    assert services.reveal_phone(actor=director, customer=customer, contact=contact) == "13912345678"
    events = AuditEvent.objects.filter(action="phone_revealed", actor=director)
    assert events.count() == 2
    assert {e.target for e in events} == {f"customers.customer:{customer.pk}"}
    assert sorted(e.detail["contact"] or 0 for e in events) == [0, contact.pk]


def test_attaching_a_file_stores_it_on_the_customer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    customer = make_customer()
    upload = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4 licence", content_type="application/pdf")
    attachment = services.attach_file(actor=user(p.NORTH_REP), customer=customer, upload=upload, kind="营业执照")
    assert attachment.record == customer
    assert (attachment.name, attachment.size, attachment.kind) == ("营业执照.pdf", 16, "营业执照")


def test_an_empty_or_oversized_file_is_refused(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    customer = make_customer()
    with pytest.raises(ValidationError):
        services.attach_file(actor=user(p.NORTH_REP), customer=customer, upload=SimpleUploadedFile("a.txt", b""))
    monkeypatch.setattr("apps.customers.services.archive.MAX_ATTACHMENT_BYTES", 3)
    with pytest.raises(ValidationError):
        services.attach_file(actor=user(p.NORTH_REP), customer=customer, upload=SimpleUploadedFile("a.txt", b"abcd"))

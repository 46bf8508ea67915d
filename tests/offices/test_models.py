import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from offices.models import Channel, Office, OfficeAccount, OfficeKind
from tests.factories import OfficeAccountFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def test_office_name_unique_per_kind_rejected_by_database_ignoring_case_and_spaces():
    Office.objects.create(name="Dinas Kesehatan", kind_id=OfficeKind.SKPD)

    with pytest.raises(IntegrityError), transaction.atomic():
        # .update() bypasses save()'s normalisation: the database itself must refuse.
        other = Office.objects.create(name="Placeholder", kind_id=OfficeKind.SKPD)
        Office.objects.filter(pk=other.pk).update(name="  DINAS kesehatan ")

    assert list(Office.objects.values_list("name", flat=True)) == ["Dinas Kesehatan"]


def test_office_name_same_in_other_kind_allowed():
    Office.objects.create(name="Pelambuan", kind_id=OfficeKind.SKPD)

    Office.objects.create(name="pelambuan", kind_id=OfficeKind.KELURAHAN)

    assert Office.objects.count() == 2


def test_office_full_clean_names_the_duplicate():
    Office.objects.create(name="Dinas Kesehatan", kind_id=OfficeKind.SKPD)
    office = Office(name="dinas   KESEHATAN", kind_id=OfficeKind.SKPD)

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        office.full_clean()

    assert excinfo.value.messages == ["An office of this kind with this name already exists."]


def test_office_save_folds_white_space_and_makes_slug():
    office = Office.objects.create(name="  Dinas   Kesehatan ", kind_id=OfficeKind.SKPD)

    assert (office.name, office.slug) == ("Dinas Kesehatan", "dinas-kesehatan")


def test_office_slug_gets_suffix_when_taken():
    Office.objects.create(name="Pelambuan", kind_id=OfficeKind.SKPD, slug="kelurahan-pelambuan")

    office = Office.objects.create(name="Pelambuan", kind_id=OfficeKind.KELURAHAN)

    assert office.slug == "kelurahan-pelambuan-2"


def test_office_blank_name_rejected_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.bulk_create([Office(name="", kind_id=OfficeKind.SKPD, slug="kosong")])


def test_office_own_parent_rejected_by_database():
    office = OfficeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.filter(pk=office.pk).update(parent=office.pk)


def test_office_display_name_prefixes_kelurahan_once():
    assert [
        Office(name="Pelambuan", kind_id=OfficeKind.KELURAHAN).display_name,
        Office(name="Kelurahan Pelambuan", kind_id=OfficeKind.KELURAHAN).display_name,
        Office(name="Dinas Kesehatan", kind_id=OfficeKind.SKPD).display_name,
    ] == ["Kelurahan Pelambuan", "Kelurahan Pelambuan", "Dinas Kesehatan"]


def test_channels_created_by_migration():
    assert list(Channel.objects.values_list("code", "name")) == [
        ("website", "Website"),
        ("instagram", "Instagram"),
        ("facebook", "Facebook"),
    ]


def test_office_account_one_per_channel_rejected_by_database():
    account = OfficeAccountFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeAccount.objects.create(office=account.office, channel=account.channel, handle="@lain")


def test_office_account_url_from_handle_or_link():
    instagram = Channel.objects.get(code="instagram")
    website = Channel.objects.get(code="website")

    assert [
        instagram.link_for("@dinkesbjm"),
        instagram.link_for("https://instagram.com/x"),
        website.link_for("dinkes.banjarmasinkota.go.id"),
    ] == [
        "https://www.instagram.com/dinkesbjm/",
        "https://instagram.com/x",
        "https://dinkes.banjarmasinkota.go.id",
    ]

"""A ranking pasted as a news report writes it, and offices written in a place's row (issue 22):
previewed as rows, made with the places, all or nothing, through the services."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import Ranking, RankingLevel
from awards.pasted import PastedPlace, pasted_places
from offices.models import Office, OfficeKind
from offices.names import name_and_short_name
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, kind
from tests.helpers import award_form, award_url

pytestmark = pytest.mark.django_db

PPID = "Anugerah Keterbukaan Informasi"
OPD_RANKING = (
    "1. Bappeda / 2. Dinas Lingkungan Hidup (DLH) / 3. Dinas Komunikasi dan Informatika / "
    "4. Dinas Kesehatan / 5. Dinas Pekerjaan Umum/Penataan Ruang"
)


def test_a_slash_separated_ranking_is_read_into_places():
    assert pasted_places(OPD_RANKING) == [
        PastedPlace(RankingLevel.PLACE, 1, "Bappeda"),
        PastedPlace(RankingLevel.PLACE, 2, "Dinas Lingkungan Hidup (DLH)"),
        PastedPlace(RankingLevel.PLACE, 3, "Dinas Komunikasi dan Informatika"),
        PastedPlace(RankingLevel.PLACE, 4, "Dinas Kesehatan"),
        PastedPlace(RankingLevel.PLACE, 5, "Dinas Pekerjaan Umum/Penataan Ruang"),
    ]


def test_a_ranking_one_a_line_with_unnumbered_lines_and_a_mention():
    text = "\n".join(
        [
            "Juara 1. Kapanewon Wates",
            "2) Kapanewon Pengasih",
            "",
            "Kapanewon Sentolo",
            "Harapan 1 - Kapanewon Nanggulan",
        ]
    )

    assert pasted_places(text, place_word="Juara", mention_word="Harapan") == [
        PastedPlace(RankingLevel.PLACE, 1, "Kapanewon Wates"),
        PastedPlace(RankingLevel.PLACE, 2, "Kapanewon Pengasih"),
        PastedPlace(RankingLevel.PLACE, 3, "Kapanewon Sentolo"),
        PastedPlace(RankingLevel.MENTION, 1, "Kapanewon Nanggulan"),
    ]


def test_a_short_name_in_brackets_is_split_from_the_name():
    assert name_and_short_name(" Dinas Lingkungan  Hidup (DLH) ") == ("Dinas Lingkungan Hidup", "DLH")
    assert name_and_short_name("Bappeda") == ("Bappeda", "")


@pytest.fixture
def kulon_progo():
    # As a regency in Yogyakarta keeps them: OPD print their names alone.
    OfficeKind.objects.create(code="opd", name="OPD", prefix="", order=5)
    kinds = {code: kind(code) for code in ("opd", "kapanewon", "kalurahan")}
    award = AwardFactory(title=PPID, channel=None, event=EventFactory(title="Anugerah KIP 2022", year=2022))
    opd = CategoryFactory(award=award, title="OPD", kinds=["opd"], places=5, order=1)
    kalurahan = CategoryFactory(award=award, title="Kalurahan", kinds=["kalurahan"], places=5, order=2)
    bappeda = OfficeFactory(name="Badan Perencanaan Pembangunan Daerah", short_name="Bappeda", kind="opd")
    return {"award": award, "opd": opd, "kalurahan": kalurahan, "bappeda": bappeda, "kinds": kinds}


def row_errors(response, prefix="rankings"):
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    return [form.errors for form in formset.formset.forms]


def _paste(committee_client, award, category_index: int, text: str, data=None):
    data = data or award_form(award)
    data[f"categories-{category_index}-paste"] = text
    return committee_client.post(award_url(award), data)


def test_pasting_shows_rows_to_check_and_saves_nothing(committee_client, kulon_progo):
    award = kulon_progo["award"]
    offices_before = Office.objects.count()

    response = _paste(committee_client, award, 0, "1. Bappeda / 2. Dinas Lingkungan Hidup (DLH)")

    assert response.status_code == 200
    rankings = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "rankings")
    assert [
        (
            form["category"].value(),
            form["office"].value(),
            form["new_office"].value(),
            form["position"].value(),
        )
        for form in rankings.formset.forms
    ] == [
        (str(kulon_progo["opd"].pk), str(kulon_progo["bappeda"].pk), "", "1"),
        (str(kulon_progo["opd"].pk), "", "Dinas Lingkungan Hidup (DLH)", "2"),
    ]
    assert not response.context["errors"]
    page = response.content.decode()
    assert "errornote" not in page
    assert "1 of them with a new office" in page or "1 di antaranya" in page
    assert (Office.objects.count(), Ranking.objects.count()) == (offices_before, 0)


def test_saving_the_pasted_rows_makes_the_new_offices_with_the_places(committee_client, kulon_progo):
    award, opd = kulon_progo["award"], kulon_progo["opd"]
    preview = _paste(committee_client, award, 0, "1. Bappeda / 2. Dinas Lingkungan Hidup (DLH)")
    data = {key: preview.context["request"].POST.getlist(key) for key in preview.context["request"].POST}

    saved = committee_client.post(award_url(award), data)

    assert saved.status_code == 302
    assert [
        (r.position, r.office.display_name, r.office.short_name, r.office.kind_id)
        for r in Ranking.objects.in_display_order()
    ] == [
        (1, "Badan Perencanaan Pembangunan Daerah", "Bappeda", "opd"),
        (2, "Dinas Lingkungan Hidup", "DLH", "opd"),
    ]
    assert Office.objects.get(name="Dinas Lingkungan Hidup").slug == "dinas-lingkungan-hidup"
    assert opd.rankings.count() == 2


def test_a_refused_place_leaves_no_new_office(committee_client, kulon_progo):
    award, kalurahan = kulon_progo["award"], kulon_progo["kalurahan"]
    data = award_form(award)
    data.update(
        {
            "rankings-TOTAL_FORMS": "1",
            "rankings-0-category": str(kalurahan.pk),
            "rankings-0-office": "",
            "rankings-0-new_office": "Kalurahan Pengasih",
            "rankings-0-level": RankingLevel.PLACE,
            "rankings-0-position": "9",  # above the category's five places
        }
    )

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 200
    assert row_errors(response) == [{"position": ["Posisi 9 melebihi 5 peringkat pada kategori Kalurahan."]}]
    assert not Office.objects.filter(name="Pengasih").exists()


def test_a_new_office_written_in_a_row_takes_the_categorys_kind(committee_client, kulon_progo):
    award, kalurahan = kulon_progo["award"], kulon_progo["kalurahan"]
    OfficeFactory(name="Pengasih", kind="kapanewon")  # the kapanewon of the same name
    data = award_form(award)
    data.update(
        {
            "rankings-TOTAL_FORMS": "1",
            "rankings-0-category": str(kalurahan.pk),
            "rankings-0-office": "",
            "rankings-0-new_office": "Kalurahan Pengasih",
            "rankings-0-level": RankingLevel.PLACE,
            "rankings-0-position": "1",
        }
    )

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 302
    office = Ranking.objects.get().office
    assert (office.name, office.kind_id, office.slug) == ("Pengasih", "kalurahan", "kalurahan-pengasih")
    assert sorted(Office.objects.filter(name="Pengasih").values_list("slug", flat=True)) == [
        "kalurahan-pengasih",
        "kapanewon-pengasih",
    ]


def test_a_row_naming_an_existing_office_uses_it(committee_client, kulon_progo):
    award, opd = kulon_progo["award"], kulon_progo["opd"]
    data = award_form(award)
    data.update(
        {
            "rankings-TOTAL_FORMS": "1",
            "rankings-0-category": str(opd.pk),
            "rankings-0-office": "",
            "rankings-0-new_office": "bappeda",
            "rankings-0-level": RankingLevel.PLACE,
            "rankings-0-position": "1",
        }
    )
    offices_before = Office.objects.count()

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 302
    assert Ranking.objects.get().office == kulon_progo["bappeda"]
    assert Office.objects.count() == offices_before


def test_a_paste_into_an_unsaved_category_asks_to_save_it_first(committee_client, kulon_progo):
    award = kulon_progo["award"]
    data = award_form(award)
    n = int(data["categories-TOTAL_FORMS"])
    data.update(
        {
            "categories-TOTAL_FORMS": str(n + 1),
            f"categories-{n}-order": "3",
            f"categories-{n}-title": "Kapanewon",
            f"categories-{n}-kinds": [kulon_progo["kinds"]["kapanewon"].pk],
            f"categories-{n}-places": "5",
            f"categories-{n}-mentions": "0",
            f"categories-{n}-paste": "1. Kapanewon Wates",
        }
    )

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 200
    with translation.override("en"):
        assert row_errors(response, "categories")[-1] == {
            "paste": ["Save the category first, then paste its ranking."]
        }
    assert not award.categories.filter(title="Kapanewon").exists()


def test_the_office_search_of_a_row_offers_the_kinds_of_its_category(committee_client, kulon_progo):
    award, kalurahan = kulon_progo["award"], kulon_progo["kalurahan"]
    OfficeFactory(name="Pengasih", kind="kalurahan")
    OfficeFactory(name="Pengasih", kind="kapanewon")
    OfficeFactory(name="Dinas Pengasih Contoh", kind="opd")
    url = reverse("admin:awards_award_office_autocomplete", args=[award.pk])
    query = {"term": "pengasih", "app_label": "awards", "model_name": "ranking", "field_name": "office"}

    in_award = committee_client.get(url, query)
    in_category = committee_client.get(url, {**query, "category": kalurahan.pk})

    assert sorted(r["text"] for r in json.loads(in_award.content)["results"]) == [
        "Dinas Pengasih Contoh",
        "Kalurahan Pengasih",
    ]
    assert [r["text"] for r in json.loads(in_category.content)["results"]] == ["Kalurahan Pengasih"]


def test_a_ranking_in_the_events_own_words_is_read_on_the_page(committee_client, kulon_progo):
    award = kulon_progo["award"]
    award.event.place_word = "Juara"
    award.event.save()

    response = _paste(committee_client, award, 0, "Juara 1 Bappeda\nJuara 2 Dinas Lingkungan Hidup (DLH)")

    rankings = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "rankings")
    assert [(form["new_office"].value(), form["position"].value()) for form in rankings.formset.forms] == [
        ("", "1"),
        ("Dinas Lingkungan Hidup (DLH)", "2"),
    ]


def test_a_forged_count_of_categories_is_not_a_loop(committee_client, kulon_progo):
    data = award_form(kulon_progo["award"])
    data["categories-TOTAL_FORMS"] = "99999999999"

    response = committee_client.post(award_url(kulon_progo["award"]), data)

    assert response.status_code == 200
    assert Ranking.objects.count() == 0
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "Harap ajukan paling banyak 50 formulir."
    ]

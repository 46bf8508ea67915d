"""From a news report to published results (issue 22): a Kulon Progo secretary enters her PPID
award as the report gives it, clicking and typing from the admin's home page: one award, three
rankings of five places (OPD, Kapanewon, Kalurahan), two kinds of office the installation lacks
(made with “+” from the categories' rows), fifteen offices it does not know (from the pasted
rankings), publishes, then corrects a swapped pair, in at most 12 page loads. The public page,
the xlsx winner list and a certificate then say what she typed."""

import io
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards.models import EvaluationEvent, Ranking
from offices.models import Office, OfficeKind
from results.certificates.place_text import printed_place_text
from results.models import PublishedVersion, VersionPlace, VersionSignatory
from tests.factories import make_committee_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-komite-2021"
EVENT = "Anugerah Keterbukaan Informasi Publik Kabupaten Kulon Progo 2022"
AWARD = "Anugerah Keterbukaan Informasi"
RANKINGS = {
    # As the report gives them: slash-separated, with short names in brackets …
    "OPD": "1. Badan Perencanaan Pembangunan Daerah (Bappeda) / 2. Dinas Lingkungan Hidup (DLH) / "
    "3. Dinas Komunikasi dan Informatika (Diskominfo) / 4. Dinas Kesehatan (Dinkes) / "
    "5. Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman (DPUPKP)",
    # … or one a line.
    "Kapanewon": "1. Kapanewon Wates\n2. Kapanewon Pengasih\n3. Kapanewon Sentolo\n4. Kapanewon Nanggulan\n"
    "5. Kapanewon Galur",
    "Kalurahan": "1. Kalurahan Pengasih\n2. Kalurahan Sendangsari\n3. Kalurahan Karangsari\n"
    "4. Kalurahan Triharjo\n5. Kalurahan Bendungan",
}
REASON = "Ralat: peringkat pertama dan kedua kategori Kalurahan tertukar."


def _sign_in(page, live_server, user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    # Publishing asks for a sign-in confirmed with the authenticator app's code.
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    with page.expect_navigation(url=re.compile(r"/admin/$")):
        page.click("input[type=submit]")


def _submit(page, selector: str):
    with page.expect_navigation():
        page.click(selector)


def _new_kind_from_the_row(admin, row: int, name: str) -> None:
    """“+” beside the row's kinds: the kind is made in Django's pop-up and comes back ticked."""
    with admin.expect_popup() as opened:
        admin.click(f"#add_id_categories-{row}-kinds")
    popup = opened.value
    popup.wait_for_load_state()
    popup.fill("#id_name", name)
    popup.fill("#id_prefix", name)
    popup.fill("#id_order", "30")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")


def test_a_secretary_enters_a_news_report_publishes_and_corrects_it_in_twelve_page_loads(
    live_server, new_page, base_data
):
    secretary = make_committee_member(password=PASSWORD)
    skpd = OfficeKind.objects.get(code=OfficeKind.SKPD)
    admin = new_page(width=1280, height=900)
    _sign_in(admin, live_server, secretary)
    loads: list[str] = []
    admin.on("framenavigated", lambda frame: frame == admin.main_frame and loads.append(frame.url))
    popups: list[object] = []
    admin.on("popup", lambda popup: popups.append(popup.url))
    violations: list[str] = []
    admin.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))

    # 1. From the home page: a new event and its award.
    _submit(admin, ".app-work-1 tr.model-evaluationevent a.addlink")
    admin.fill("#id_title", EVENT)
    admin.fill("#id_year", "2022")
    admin.fill("#id_city", "Kulon Progo")
    admin.locator("#awards-group .add-row a").click()
    admin.fill("#id_awards-0-title", AWARD)
    _submit(admin, "input[name=_continue]")
    _submit(admin, ".messagelist a")  # “Enter its categories and places”

    # 2. Its three categories; Kapanewon and Kalurahan are kinds the installation lacks.
    for row, (title, order) in enumerate([("OPD", 1), ("Kapanewon", 2), ("Kalurahan", 3)]):
        admin.locator("#categories-group .add-row a").click()
        admin.fill(f"#id_categories-{row}-order", str(order))
        admin.fill(f"#id_categories-{row}-title", title)
        admin.fill(f"#id_categories-{row}-places", "5")
        admin.fill(f"#id_categories-{row}-mentions", "0")
    admin.check(f"#id_categories-0-kinds input[value='{skpd.pk}']")
    _new_kind_from_the_row(admin, 1, "Kapanewon")
    _new_kind_from_the_row(admin, 2, "Kalurahan")
    ticked = [
        admin.locator(f"#id_categories-{row}-kinds input:checked").evaluate_all(
            "boxes => boxes.map(b => b.parentElement.textContent.trim())"
        )
        for row in range(3)
    ]
    assert ticked == [
        ["SKPD (mencetak nama saja)"],
        ["Kapanewon (mencetak “Kapanewon …”)"],
        ["Kalurahan (mencetak “Kalurahan …”)"],
    ]
    _submit(admin, "input[name=_continue]")

    # 3. Each ranking pasted as the report gives it, shown as rows, then saved.
    for row, title in enumerate(["OPD", "Kapanewon", "Kalurahan"]):
        admin.fill(f"#id_categories-{row}-paste", RANKINGS[title])
    _submit(admin, "input[name=_continue]")
    assert "15 di antaranya dengan instansi baru" in admin.locator(".messagelist").inner_text()
    assert admin.locator("#rankings-group tr.form-row:not(.empty-form)").count() == 15
    assert Office.objects.count() == 0
    _submit(admin, "input[name=_save]")  # back on the event's page

    # 4. Published final from the event's page.
    _submit(admin, "input[name=_publish]")
    assert "diumumkan" in admin.locator(".messagelist").inner_text()

    # 5. The report swapped the first two kalurahan: swap them, publish the correction.
    _submit(admin, "#awards-group a.award-places-link")
    # (The office search of a row offers only the kinds its category admits: “Pengasih” is a
    # kapanewon and a kalurahan; a Kalurahan row offers the kalurahan alone.)
    admin.locator("#rankings-group .add-row a").click()
    admin.select_option("#id_rankings-15-category", label="Kalurahan")
    admin.click("#id_rankings-15-office + .select2 .select2-selection")
    admin.fill(".select2-container--open .select2-search__field", "pengasih")
    expect(admin.locator(".select2-results__option")).to_have_text(["Kalurahan Pengasih"])
    admin.keyboard.press("Escape")
    admin.locator("#rankings-15 a.inline-deletelink").click()
    for office, position in [("Pengasih", "2"), ("Sendangsari", "1")]:
        ranking = Ranking.objects.get(office__name=office, office__kind_id="kalurahan")
        prefix = admin.locator(f"#rankings-group input[name$='-id'][value='{ranking.pk}']").get_attribute(
            "name"
        )
        admin.fill(f"#id_{prefix.removesuffix('-id')}-position", position)
    _submit(admin, "input[name=_save]")
    _submit(admin, "a.button >> text=Umumkan ralat atau hasil final…")
    admin.fill("#id_reason", REASON)
    _submit(admin, "#content-main input[type=submit].default")
    assert "Versi 2" in admin.locator(".messagelist").inner_text()

    print(f"page loads from the admin's home to the published correction: {len(loads)}")
    assert len(loads) <= 12, loads
    assert len(popups) == 2  # the two kinds, made beside the categories
    assert violations == []
    event = EvaluationEvent.objects.get(title=EVENT)
    assert list(event.versions.order_by("number").values_list("number", "reason")) == [(1, ""), (2, REASON)]
    offices = Office.objects.select_related("kind").order_by("kind__order", "name")
    assert sorted((o.kind_id, o.display_name, o.short_name, o.slug) for o in offices) == sorted(
        [
            (
                "skpd",
                "Badan Perencanaan Pembangunan Daerah",
                "Bappeda",
                "badan-perencanaan-pembangunan-daerah",
            ),
            ("skpd", "Dinas Lingkungan Hidup", "DLH", "dinas-lingkungan-hidup"),
            ("skpd", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas-komunikasi-dan-informatika"),
            ("skpd", "Dinas Kesehatan", "Dinkes", "dinas-kesehatan"),
            (
                "skpd",
                "Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman",
                "DPUPKP",
                "dinas-pekerjaan-umum-perumahan-dan-kawasan-permukiman",
            ),
            *[
                ("kapanewon", f"Kapanewon {name}", "", f"kapanewon-{name.lower()}")
                for name in ["Wates", "Pengasih", "Sentolo", "Nanggulan", "Galur"]
            ],
            *[
                ("kalurahan", f"Kalurahan {name}", "", f"kalurahan-{name.lower()}")
                for name in ["Pengasih", "Sendangsari", "Karangsari", "Triharjo", "Bendungan"]
            ],
        ]
    )

    # The public page, the xlsx winner list and a certificate say what she typed.
    public = new_page(width=1280)
    public.goto(live_server.url + event.get_absolute_url())
    text = public.locator("main").inner_text()
    assert REASON in text
    for name in ["Dinas Lingkungan Hidup", "Kapanewon Galur", "Kalurahan Sendangsari", "Kalurahan Pengasih"]:
        assert name in text
    xlsx = public.request.get(
        live_server.url
        + reverse("results:event-winners-download", kwargs={"slug": event.slug, "fmt": "xlsx"})
    )
    assert xlsx.status == 200
    cells = [
        [str(value) for value in row if value is not None]
        for row in load_workbook(io.BytesIO(xlsx.body())).active.iter_rows(values_only=True)
    ]
    kalurahan_first = next(row for row in cells if "Kalurahan Sendangsari" in row)
    assert AWARD in kalurahan_first and "Kalurahan" in kalurahan_first
    assert sum("Kalurahan Pengasih" in row for row in cells) == 1
    assert (
        sum(any(name in cell for cell in row) for row in cells for name in ["Bappeda", "Badan Perencanaan"])
        >= 1
    )
    version = PublishedVersion.objects.get(event=event, is_current=True)
    place = VersionPlace.objects.select_related("category__award__version__event").get(
        version=version, office__name="Sendangsari"
    )
    certificate = public.request.get(
        live_server.url + reverse("results:place-certificate", kwargs={"pk": place.pk, "fmt": "pdf"})
    )
    assert certificate.status == 200 and certificate.body().startswith(b"%PDF")
    # The PDF is a drawn picture: its words are the plain data it is drawn from, and the page its
    # verification code opens.
    words = printed_place_text(place, list(VersionSignatory.objects.filter(version=version)))
    assert (words.office, words.position, words.category, words.event) == (
        "Kalurahan Sendangsari",
        "Terbaik Pertama",
        f"Terbaik Pertama {AWARD} — Kategori Kalurahan",
        EVENT,
    ), words
    public.goto(live_server.url + reverse("results:verify", kwargs={"code": place.code}))
    verified = public.locator("main").inner_text()
    assert "Kalurahan Sendangsari" in verified and "Terbaik Pertama" in verified

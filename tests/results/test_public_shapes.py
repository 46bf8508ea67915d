"""The public pages carry every shape of issue 13, with events of our own making: an award without
a channel, a category open to two kinds, honourable mentions, 5 places beside 3, two categories of
one kind in one award, kinds such as Kapanewon and Kalurahan, an event without a date, an office
renamed; in Indonesian and in English."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import EventStatus, PlaceNumbering, Ranking, RankingLevel
from offices.models import Channel, Office, OfficeFormerName, OfficeKind
from results.services import event_publish
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, kind
from tests.results.test_demo_page import visible_lines

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "id", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def place(category, office, position, level=RankingLevel.PLACE, shared=False) -> Ranking:
    return Ranking.objects.create(
        category=category, office=office, position=position, level=level, is_shared=shared
    )


def page_lines(client, event, lang="id") -> list[str]:
    response = client.get(url("results:event-detail", lang, slug=event.slug))
    assert response.status_code == 200
    return visible_lines(response.content.decode())


def after(lines: list[str], heading: str) -> list[str]:
    """The lines after the first line equal to ``heading``."""
    return lines[lines.index(heading) + 1 :]


def titles_and_offices(lines: list[str], titles: set[str]) -> list[tuple[str, str]]:
    """(place title, office) for each place in these lines (the office's line follows the title's)."""
    return [(line, lines[i + 1]) for i, line in enumerate(lines) if line in titles]


@pytest.fixture
def ppid(db):
    """An event of another government: “Juara 1” in digits, no date (year alone), an award without
    a channel with two categories of one kind, a mixed category, honourable mentions."""
    event = EventFactory(
        title="Anugerah Keterbukaan Informasi Publik Kabupaten Sleman",
        slug="kip-sleman-2019",
        year=2019,
        held_on=None,
        city="Sleman",
        place_word="Juara",
        place_numbering=PlaceNumbering.DIGITS,
    )
    kapanewon, kalurahan = kind("kapanewon"), kind("kalurahan")
    award = AwardFactory(event=event, title="Anugerah Keterbukaan Informasi Publik", channel=None, order=1)
    opd = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], places=3, mentions=3, order=1)
    kap = CategoryFactory(award=award, title="Kapanewon", kinds=[kapanewon], places=3, order=2)
    mixed = CategoryFactory(award=award, title="Umum", kinds=[kalurahan, OfficeKind.SKPD], order=3)
    dinas = [OfficeFactory(name=f"Dinas Sleman {n}") for n in range(1, 8)]
    depok = OfficeFactory(name="Kapanewon Depok", kind=kapanewon)
    catur = OfficeFactory(name="Kalurahan Caturtunggal", kind=kalurahan)
    place(opd, dinas[0], 1)
    place(opd, dinas[1], 2)
    place(opd, dinas[2], 3)
    place(opd, dinas[3], 1, RankingLevel.MENTION)
    place(opd, dinas[4], 2, RankingLevel.MENTION)
    place(kap, depok, 1)
    # One ranking open to two kinds: a kalurahan first, two SKPD second and third.
    place(mixed, catur, 1)
    place(mixed, dinas[5], 2)
    place(mixed, dinas[6], 3)
    event_publish(event=event)
    event.refresh_from_db()
    return event


def test_award_without_channel_is_listed_under_its_own_title(client, ppid):
    lines = page_lines(client, ppid)

    assert "Anugerah Keterbukaan Informasi Publik" in lines
    assert "Kategori OPD" in lines
    content = client.get(ppid.get_absolute_url()).content.decode()
    assert "Best" not in content and "Pengelolaan" not in content
    assert "/channels/" not in content.split("<main")[1]  # no all-time table link, no account link
    assert 'class="place-account"' not in content


def test_two_categories_of_one_kind_each_have_their_own_first_place(client, ppid):
    lines = page_lines(client, ppid)

    assert lines.index("Kategori OPD") < lines.index("Kategori Kapanewon") < lines.index("Kategori Umum")
    kapanewon = after(lines, "Kategori Kapanewon")[
        : after(lines, "Kategori Kapanewon").index("Kategori Umum")
    ]
    assert titles_and_offices(kapanewon, {"Juara 1"}) == [("Juara 1", "Kapanewon Depok")]
    assert not any("bersama" in line for line in lines)


def test_mixed_category_is_listed_once_in_order(client, ppid):
    lines = page_lines(client, ppid)

    assert lines.count("Kategori Umum") == 1
    assert titles_and_offices(after(lines, "Kategori Umum"), {"Juara 1", "Juara 2", "Juara 3"}) == [
        ("Juara 1", "Kalurahan Caturtunggal"),
        ("Juara 2", "Dinas Sleman 6"),
        ("Juara 3", "Dinas Sleman 7"),
    ]


def test_kind_word_is_printed_once(client, ppid):
    content = client.get(ppid.get_absolute_url()).content.decode()

    assert "Kalurahan Caturtunggal" in content
    assert "Kapanewon Depok" in content
    assert "Kalurahan Kalurahan" not in content and "Kapanewon Kapanewon" not in content
    assert "Kelurahan" not in content


def test_mentions_come_after_the_places_under_their_own_heading(client, ppid):
    lines = page_lines(client, ppid, lang="en")
    opd = after(lines, "Category OPD")[: after(lines, "Category OPD").index("Category Kapanewon")]

    assert titles_and_offices(opd, {"Juara 1", "Juara 2", "Juara 3", "Harapan 1", "Harapan 2"}) == [
        ("Juara 1", "Dinas Sleman 1"),
        ("Juara 2", "Dinas Sleman 2"),
        ("Juara 3", "Dinas Sleman 3"),
        ("Harapan 1", "Dinas Sleman 4"),
        ("Harapan 2", "Dinas Sleman 5"),
    ]
    assert opd.index("Juara 3") < opd.index("Honourable mentions") < opd.index("Harapan 1")
    assert opd.count("Honourable mentions") == 1
    content = client.get(url("results:event-detail", "en", slug=ppid.slug)).content.decode()
    assert "Keempat" not in content and "Juara 4" not in content
    assert '<li class="place mention mention-1">' in content
    assert '<span class="medal medal-mention" aria-hidden="true">1</span>' in content
    # The three first places, not Harapan 1 (the standings' headers below the results aside).
    assert content.split('<section class="standings"')[0].count('class="medal medal-1"') == 3


def test_event_without_date_prints_the_year_alone(client, ppid):
    event_html = client.get(ppid.get_absolute_url()).content.decode()
    home_html = client.get(url("results:home")).content.decode()

    lines = page_lines(client, ppid)
    assert lines[lines.index("Tanggal") + 1] == "2019"
    for content in (event_html, home_html):
        assert "2000" not in content
        assert "Januari" not in content
        # The only time printed is when the version was published, never a made-up event date.
        assert "<time datetime=" not in content.split("diterbitkan")[0]
    assert "Sleman</a> — 2019, Sleman" in home_html


def test_description_is_built_from_the_events_own_awards(client, ppid):
    content = client.get(url("results:event-detail", "en", slug=ppid.slug)).content.decode()

    description = (
        "Winners of Anugerah Keterbukaan Informasi Publik Kabupaten Sleman, 2019, Sleman: "
        "Anugerah Keterbukaan Informasi Publik (OPD, Kapanewon, Umum)."
    )
    assert f'<meta name="description" content="{description}">' in content
    assert f'<meta property="og:description" content="{description}">' in content
    assert "Instagram" not in content and "kelurahan" not in content.lower()


def test_home_description_names_the_latest_events_awards(client, ppid):
    content = client.get(url("results:home", "en")).content.decode()

    assert (
        '<meta name="description" content="Winners of Anugerah Keterbukaan Informasi Publik Kabupaten '
        'Sleman, 2019, Sleman: Anugerah Keterbukaan Informasi Publik (OPD, Kapanewon, Umum).">'
    ) in content


def test_five_places_beside_three_in_one_event(client, db):
    event = EventFactory(slug="lima-tempat", title="Evaluasi Lima")
    award = AwardFactory(event=event, title="Terbaik Inovasi", channel=None)
    five = CategoryFactory(award=award, title="SKPD", kinds=[OfficeKind.SKPD], places=5, order=1)
    three = CategoryFactory(award=award, title="Kelurahan", kinds=[OfficeKind.KELURAHAN], places=3, order=2)
    for position in range(1, 6):
        place(five, OfficeFactory(name=f"Dinas Lima {position}"), position)
    for position in range(1, 4):
        place(three, OfficeFactory(name=f"Tiga {position}", kind=OfficeKind.KELURAHAN), position)
    event_publish(event=event)

    lines = page_lines(client, event)
    words = {"Terbaik Pertama", "Terbaik Kedua", "Terbaik Ketiga", "Terbaik Keempat", "Terbaik Kelima"}
    assert [title for title, _office in titles_and_offices(lines, words)] == [
        "Terbaik Pertama",
        "Terbaik Kedua",
        "Terbaik Ketiga",
        "Terbaik Keempat",
        "Terbaik Kelima",
        "Terbaik Pertama",
        "Terbaik Kedua",
        "Terbaik Ketiga",
    ]
    content = client.get(event.get_absolute_url()).content.decode()
    assert content.count('class="medal medal-other"') == 2  # 4th and 5th: no medal colour
    assert "medal-4" not in content and "medal-5" not in content


def test_award_and_category_without_places_say_so(client, db):
    event = EventFactory(slug="kosong", status=EventStatus.DRAFT)
    AwardFactory(event=event, title="Anugerah Tanpa Kategori", order=1)
    CategoryFactory(award=AwardFactory(event=event, title="Anugerah Baru", order=2), title="OPD")
    event_publish(event=event)

    content = client.get(url("results:event-detail", "en", slug=event.slug)).content.decode()

    assert "No categories have been entered for this award yet." in content
    assert "No places have been entered for this category yet." in content


@pytest.fixture
def renamed(db):
    """A dinas renamed after 2020: its 2020 place and its 2022 place are one office's."""
    office = OfficeFactory(name="Dinas Komunikasi dan Informatika Sleman")
    OfficeFormerName.objects.create(office=office, name="Kantor Pengolahan Data Elektronik", until_year=2020)
    website = Channel.objects.get(code="website")
    for year in (2020, 2022):
        event = EventFactory(slug=f"evaluasi-{year}", title=f"Evaluasi {year}", year=year, held_on=None)
        award = AwardFactory(event=event, title="Terbaik Pengelolaan Website", channel=website)
        category = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], mentions=2)
        place(category, office, 1 if year == 2020 else 2, RankingLevel.MENTION if year == 2022 else 1)
        event_publish(event=event)
    return office


def test_renamed_office_keeps_its_places_and_mentions_are_not_medals(client, renamed):
    response = client.get(url("results:office-detail", "en", slug=renamed.slug))
    lines = visible_lines(response.content.decode())

    assert "Formerly: Kantor Pengolahan Data Elektronik (until 2020)" in lines
    # Each line: the medal's number, then the title in the event's words, award and category.
    assert "2 Harapan 2 — Terbaik Pengelolaan Website, Category OPD" in lines
    assert "1 Terbaik Pertama — Terbaik Pengelolaan Website, Category OPD" in lines
    medals = response.context["medals"]
    assert (medals.first, medals.second, medals.third, medals.total, medals.mentions) == (1, 0, 0, 1, 1)
    assert "1 honourable mention" in lines
    assert "1 First places: 1" in lines and "2 Second places: 0" in lines
    description = response.content.decode().split('<meta name="description" content="')[1].split('"')[0]
    assert description.startswith("Dinas Komunikasi dan Informatika Sleman: 1 place won")


def test_channel_table_shows_mentions_apart_and_counts_only_its_awards(client, renamed, ppid):
    response = client.get(url("results:channel-detail", "en", code="website"))

    tables = [
        (t.label, [(o.display_name, o.first, o.second, o.third, o.places, o.mentions) for o in t.rows])
        for t in response.context["tables"]
    ]
    # The PPID award has no channel: its places are in no channel's table.
    assert tables == [("SKPD", [("Dinas Komunikasi dan Informatika Sleman", 1, 0, 0, 1, 1)])]
    lines = visible_lines(response.content.decode())
    assert "Honourable mentions" in lines
    assert lines[lines.index("Dinas Komunikasi dan Informatika Sleman") + 1 :][:5] == [
        "1",
        "0",
        "0",
        "1",
        "1",
    ]


def test_event_page_in_english_keeps_the_events_words(client, ppid):
    lines = page_lines(client, ppid, lang="en")

    assert "Anugerah Keterbukaan Informasi Publik" in lines
    assert "Category OPD" in lines and "Category Kapanewon" in lines and "Category Umum" in lines
    assert "Juara 1" in lines and "Harapan 1" in lines
    assert lines[lines.index("Date") + 1] == "2019"


def test_office_of_a_new_kind_shows_its_kind(client, ppid):
    depok = Office.objects.get(name__endswith="Depok", kind="kapanewon")

    lines = visible_lines(client.get(url("results:office-detail", "en", slug=depok.slug)).content.decode())

    assert "Kapanewon" in lines[:2]  # the kind's name, over the office's name
    assert "1 Juara 1 — Anugerah Keterbukaan Informasi Publik, Category Kapanewon" in lines


def test_a_place_prints_its_account_citation_and_links_from_the_template(client):
    """Every part of a place's markup (templates/results/_places.html, read from the version's
    row), escaped, with the links of a published place: certificates and the share card with its
    version tag (the same tag as the office page's: one card, one tag)."""
    from results.models import VersionPlace
    from results.templatetags.results_images import printed_card_tag
    from tests.factories import OfficeAccountFactory

    event = EventFactory(slug="shapes-markup", status=EventStatus.DRAFT)
    channel = Channel.objects.create(
        code="web-x", name="Situs <Web>", order=1, url_template="https://x.example/{handle}"
    )
    award = AwardFactory(event=event, channel=channel, title="Terbaik")
    category = CategoryFactory(award=award, title="OPD", kinds=["skpd"])
    office = OfficeFactory(name="Dinas <Uji> & Coba", short_name="DUC", slug="dinas-uji")
    OfficeAccountFactory(office=office, channel=channel, handle="@duc")
    Ranking.objects.create(
        category=category, office=office, position=1, level=RankingLevel.PLACE, citation="Untuk <kerja> baik"
    )
    event_publish(event=event)
    row = VersionPlace.objects.select_related("version").get(version__event=event)

    content = client.get(url("results:event-detail", "en", slug=event.slug)).content.decode()

    pdf = url("results:place-certificate", "en", pk=row.pk, fmt="pdf")
    png = url("results:place-certificate", "en", pk=row.pk, fmt="png")
    card = url("results:place-card", "en", pk=row.pk, shape="square")
    office_url = url("results:office-detail", "en", slug="dinas-uji")
    office_link = f'<a href="{office_url}">Dinas &lt;Uji&gt; &amp; Coba</a>'
    account_link = (
        '<a href="https://x.example/duc" rel="external noopener">Account on Situs &lt;Web&gt;: @duc</a>'
    )
    expected = [
        '<li class="place place-1">',
        '  <span class="medal medal-1" aria-hidden="true">1</span>',
        '  <span class="logo logo-placeholder logo-skpd" aria-hidden="true">DC</span>',
        '  <div class="place-body">',
        f'    <p class="place-position">{row.title}</p>',
        f'    <p class="place-office">{office_link} <span class="short-name">(DUC)</span></p>',
        f'    <p class="place-account">{account_link}</p>',
        '    <p class="place-citation">Untuk &lt;kerja&gt; baik</p>',
        '    <span class="place-links">',
        f'      <a href="{pdf}" download>Certificate (PDF)</a>',
        f'      <a href="{png}" download>Certificate (PNG)</a>',
        f'      <a href="{card}?v={printed_card_tag(row, "card-square")}">Share image</a>',
        "    </span>",
        "  </div>",
        "</li>",
    ]
    assert "\n".join(expected) in content

"""Events of the certificates' own making, one per shape of award the issue lists (issue 13)."""

import datetime
from dataclasses import dataclass

from awards.models import Award, EvaluationEvent, PlaceNumbering, Ranking, RankingLevel
from awards.selectors import event_certificate_places
from offices.models import Channel, OfficeKind
from tests.factories import CategoryFactory, EventFactory, OfficeFactory, RankingFactory, kind


@dataclass
class Shapes:
    """Two events: a PPID award of a regency (no channel, no date, “Juara 1”, mixed kinds,
    honourable mentions, two categories in one award) and a channel award of 5 places beside 3."""

    ppid: EvaluationEvent
    media: EvaluationEvent

    def places(self, event: EvaluationEvent) -> dict[str, Ranking]:
        """The event's places as the certificates read them, by office display name."""
        return {ranking.office.display_name: ranking for ranking in event_certificate_places(event)}


def make_shapes() -> Shapes:
    kapanewon, kalurahan = kind("kapanewon"), kind("kalurahan")
    ppid = EventFactory(
        title="Anugerah Keterbukaan Informasi Publik Kabupaten Sleman 2023",
        slug="akip-sleman-2023",
        year=2023,
        held_on=None,
        venue="",
        city="Kabupaten Sleman",
        place_word="Juara",
        place_numbering=PlaceNumbering.DIGITS,
    )
    keterbukaan = Award.objects.create(event=ppid, title="Anugerah Keterbukaan Informasi Publik", order=1)
    opd = CategoryFactory(award=keterbukaan, title="OPD", kinds=[OfficeKind.SKPD], places=5, order=1)
    kapanewon_category = CategoryFactory(
        award=keterbukaan, title="Kapanewon", kinds=[kapanewon], places=3, mentions=1, order=2
    )
    for position, name, shared in [
        (1, "Dinas Komunikasi dan Informatika", False),
        (2, "Dinas Kesehatan", False),
        (3, "Dinas Pendidikan", True),
        (3, "Dinas Pariwisata", True),
        (4, "Badan Kepegawaian Daerah", False),
        (5, "Dinas Perhubungan", False),
    ]:
        RankingFactory(category=opd, office=OfficeFactory(name=name), position=position, is_shared=shared)
    for level, position, name in [
        (RankingLevel.PLACE, 1, "Mlati"),
        (RankingLevel.PLACE, 2, "Depok"),
        (RankingLevel.MENTION, 1, "Kalasan"),
    ]:
        office = OfficeFactory(name=f"Kapanewon {name}", kind=kapanewon)
        RankingFactory(category=kapanewon_category, office=office, level=level, position=position)
    award_ppid = Award.objects.create(event=ppid, title="Anugerah PPID", order=2)
    mixed = CategoryFactory(
        award=award_ppid, title="Anugerah PPID", kinds=[kalurahan, OfficeKind.SKPD], mentions=1
    )
    RankingFactory(
        category=mixed, office=OfficeFactory(name="Kalurahan Caturtunggal", kind=kalurahan), position=1
    )
    RankingFactory(category=mixed, office=OfficeFactory(name="Dinas Sosial"), position=2)
    RankingFactory(category=mixed, office=OfficeFactory(name="Dinas Pertanian"), position=3)
    RankingFactory(
        category=mixed, office=OfficeFactory(name="Sekretariat DPRD"), level=RankingLevel.MENTION, position=1
    )

    media = EventFactory(
        title="Evaluasi Media Kota Banjarmasin 2022",
        slug="evaluasi-media-2022",
        held_on=datetime.date(2022, 12, 1),
    )
    website = Award.objects.create(
        event=media, title="Terbaik Pengelolaan Website", channel=Channel.objects.get(code="website"), order=1
    )
    skpd = CategoryFactory(award=website, title="SKPD", kinds=[OfficeKind.SKPD], places=5, order=1)
    kelurahan = CategoryFactory(
        award=website, title="Kelurahan", kinds=[OfficeKind.KELURAHAN], places=3, mentions=2, order=2
    )
    for position in range(1, 6):
        RankingFactory(
            category=skpd, office=OfficeFactory(name=f"Dinas Contoh Lima {position}"), position=position
        )
    RankingFactory(
        category=kelurahan, office=OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN), position=1
    )
    RankingFactory(
        category=kelurahan,
        office=OfficeFactory(name="Sungai Baru", kind=OfficeKind.KELURAHAN),
        level=RankingLevel.MENTION,
        position=2,
    )
    return Shapes(ppid=ppid, media=media)

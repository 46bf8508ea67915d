"""The three shapes of award of issue 21, published, with the winners each document lists in order."""

from dataclasses import dataclass

from awards.models import EvaluationEvent, PlaceNumbering, Ranking, RankingLevel, Signatory
from offices.models import OfficeKind
from results.models import PublishedVersion
from results.services import event_publish
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, kind
from tests.results.certificates.shapes import make_shapes


@dataclass
class Shape:
    event: EvaluationEvent
    winners: list[str]

    @property
    def version(self) -> PublishedVersion:
        return PublishedVersion.objects.select_related("event").get(event=self.event, is_current=True)


def _place(category, office, position, level=RankingLevel.PLACE, shared=False) -> Ranking:
    return Ranking.objects.create(
        category=category, office=office, position=position, level=level, is_shared=shared
    )


def _signed_and_published(event: EvaluationEvent) -> EvaluationEvent:
    Signatory.objects.create(event=event, name="Ir. H. Ikhsan Budiman", title="Sekretaris Daerah", order=1)
    Signatory.objects.create(event=event, name="Windiasti Kartika", title="Kepala Diskominfotik", order=2)
    event_publish(event=event)
    return event


def ppid_with_three_mentions() -> EvaluationEvent:
    """A PPID award (no channel): OPD with three places and Harapan 1–3, and one mixed ranking."""
    event = EventFactory(
        title="Anugerah Keterbukaan Informasi Publik Kabupaten Sleman 2019",
        slug="kip-sleman-2019",
        year=2019,
        place_word="Juara",
        place_numbering=PlaceNumbering.DIGITS,
    )
    award = AwardFactory(event=event, title="Anugerah Keterbukaan Informasi Publik", channel=None, order=1)
    opd = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], places=3, mentions=3, order=1)
    mixed = CategoryFactory(award=award, title="Umum", kinds=[kind("kalurahan"), OfficeKind.SKPD], order=2)
    dinas = [OfficeFactory(name=f"Dinas Sleman {n}") for n in range(1, 9)]
    for position, office in enumerate(dinas[:3], start=1):
        _place(opd, office, position)
    for position, office in enumerate(dinas[3:6], start=1):
        _place(opd, office, position, RankingLevel.MENTION)
    _place(mixed, OfficeFactory(name="Kalurahan Caturtunggal", kind=kind("kalurahan")), 1)
    _place(mixed, dinas[6], 2)
    _place(mixed, dinas[7], 3)
    return _signed_and_published(event)


def make_shape(name: str) -> Shape:
    if name == "PPID award, Harapan 1-3 and a mixed ranking":
        return Shape(
            ppid_with_three_mentions(),
            [
                *(f"Dinas Sleman {n}" for n in range(1, 7)),
                "Kalurahan Caturtunggal",
                "Dinas Sleman 7",
                "Dinas Sleman 8",
            ],
        )
    made = make_shapes()
    if name == "channel award, SKPD and Kelurahan":
        return Shape(
            _signed_and_published(made.media),
            [
                *(f"Dinas Contoh Lima {n}" for n in range(1, 6)),
                "Kelurahan Pelambuan",
                "Kelurahan Sungai Baru",
            ],
        )
    return Shape(
        _signed_and_published(made.ppid),
        [
            "Dinas Komunikasi dan Informatika",
            "Dinas Kesehatan",
            "Dinas Pariwisata",
            "Dinas Pendidikan",
            "Badan Kepegawaian Daerah",
            "Dinas Perhubungan",
            "Kapanewon Mlati",
            "Kapanewon Depok",
            "Kapanewon Kalasan",
            "Kalurahan Caturtunggal",
            "Dinas Sosial",
            "Dinas Pertanian",
            "Sekretariat DPRD",
        ],
    )

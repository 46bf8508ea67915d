"""The rules of places, in one home: used by ``Ranking`` saves in the services, the admin's forms
and formsets, and the places import.

What one row can hold is also a database constraint (awards.models); what needs another row (the
category's number of places, the kinds it admits, the other places) is checked here, and the
services run these checks under the event's row lock so that two saves cannot break them together.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.models import Category, Ranking, RankingLevel


@dataclass(frozen=True)
class PlaceProblem:
    """One rule a place breaks: which row (the caller's key), which field, and why."""

    key: object
    field: str
    message: str


def category_kind_codes(categories: Iterable[Category]) -> dict[int, set[str]]:
    """The codes of the office kinds each category admits, in one query."""
    categories = list(categories)
    kinds: dict[int, set[str]] = {category.pk: set() for category in categories}
    through = Category.kinds.through.objects.filter(category_id__in=kinds)
    for category_id, code in through.values_list("category_id", "officekind__code"):
        kinds[category_id].add(code)
    return kinds


def ranking_row_problems(ranking: Ranking, category: Category, kind_codes: set[str]) -> list[tuple[str, str]]:
    """The rules one place breaks against its own category: (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if ranking.position is not None:
        if ranking.level == RankingLevel.MENTION:
            if category.mentions == 0:
                problems.append(
                    (
                        "level",
                        _("Category %(category)s gives no honourable mentions.")
                        % {"category": category.title},
                    )
                )
            elif ranking.position > category.mentions:
                problems.append(
                    (
                        "position",
                        _(
                            "Honourable mention %(position)s is above the %(mentions)s honourable "
                            "mentions of category %(category)s."
                        )
                        % {
                            "position": ranking.position,
                            "mentions": category.mentions,
                            "category": category.title,
                        },
                    )
                )
        elif ranking.position > category.places:
            problems.append(
                (
                    "position",
                    _("Position %(position)s is above the %(places)s places of category %(category)s.")
                    % {"position": ranking.position, "places": category.places, "category": category.title},
                )
            )
    office = ranking.office if ranking.office_id is not None else None
    if office is not None and office.kind_id not in kind_codes:
        problems.append(
            (
                "office",
                _("%(office)s is of kind %(kind)s, which category %(category)s does not admit.")
                % {"office": office.display_name, "kind": office.kind.name, "category": category.title},
            )
        )
    return problems


def places_check(
    rows: Sequence[tuple[object, Ranking]],
    *,
    categories: Mapping[int, Category],
    kind_codes: Mapping[int, set[str]],
) -> list[PlaceProblem]:
    """Check a set of places as it will stand after a save; every broken rule on its row.

    ``rows`` pairs a caller's key (a form, a row number, a pk) with a Ranking; ``categories`` and
    ``kind_codes`` (from ``category_kind_codes``) describe the categories the rows are in. The rows
    must hold every place of the awards they touch, so that clashes with saved places show.
    """
    problems: list[PlaceProblem] = []
    holders_of_office: dict[tuple[int, int], Ranking] = {}
    by_position: dict[tuple[int, int, int], list[tuple[object, Ranking]]] = {}
    for key, ranking in rows:
        category = categories[ranking.category_id]
        for field, message in ranking_row_problems(ranking, category, kind_codes.get(category.pk, set())):
            problems.append(PlaceProblem(key, field, message))
        office_key = (category.award_id, ranking.office_id)
        if ranking.office_id is not None and office_key in holders_of_office:
            problems.append(
                PlaceProblem(
                    key,
                    "office",
                    _("%(office)s already holds a place in award %(award)s.")
                    % {"office": ranking.office.display_name, "award": category.award.title},
                )
            )
        else:
            holders_of_office[office_key] = ranking
        by_position.setdefault((category.pk, ranking.level, ranking.position), []).append((key, ranking))

    for (category_id, _level, position), holders in by_position.items():
        if len(holders) < 2 or all(ranking.is_shared for _key, ranking in holders):
            continue
        first = holders[0][1]
        title = first.title if first.category_id else str(position)
        for key, _ranking in holders[1:]:
            problems.append(
                PlaceProblem(
                    key,
                    "position",
                    _(
                        "%(place)s of category %(category)s is already held by %(office)s. Only if "
                        "both hold this one place jointly, tick “shared place” on each of them."
                    )
                    % {
                        "place": title.removesuffix(" (bersama)"),
                        "category": categories[category_id].title,
                        "office": first.office.display_name,
                    },
                )
            )
    return problems

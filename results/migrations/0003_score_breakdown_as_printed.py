"""Versions published with a score breakdown (judging 0006 put judging's stored shape under
``extras["judging_breakdown"]``) keep it under results' own key, in the plain shape the event page
prints (results.freezing.SCORE_BREAKDOWN), so results reads no other app's data.

Written on the data alone: a place's words and a criterion's method were not frozen in that
shape, so these older boards print the place's number and no method."""

from django.db import migrations

OLD, NEW = "judging_breakdown", "score_breakdown"


def _board(board: dict) -> dict:
    return {
        "caption": f"{board['award']} — {board['category']}",
        "criteria": [
            {"name": c["name"], "weight": c["weight"], "max_points": c["max_points"], "method": ""}
            for c in board["criteria"]
        ],
        "rows": [
            {"place": str(row["position"]), "office": row["office"], "points": row["points"], "total": row["total"]}
            for row in board["rows"]
        ],
    }


def forwards(apps, schema_editor):
    Version = apps.get_model("results", "PublishedVersion")
    for version in Version.objects.filter(content__extras__has_key=OLD):
        extras = version.content["extras"]
        extras[NEW] = [_board(board) for board in extras.pop(OLD) or []]
        version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("results", "0002_content_types")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

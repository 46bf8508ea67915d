"""Office names are stored without their kind's printed word: “Kelurahan Pelambuan” of kind
Kelurahan becomes “Pelambuan” (offices.names).

A row whose bare name another office of its kind already holds is left as it is: those are one
office entered twice, and merging them moves places, which is the committee's decision (the
import and the admin now keep it from happening again).
"""

from django.db import migrations

from offices.names import bare_name, name_key

# The printed words as they were when this migration was written (kinds became rows in 0006).
_WORDS = {"kelurahan": "Kelurahan"}


def forwards(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    taken = {(name_key(name), kind) for name, kind in Office.objects.values_list("name", "kind")}
    for office in Office.objects.order_by("pk"):
        bare = bare_name(office.name, _WORDS.get(office.kind, ""))
        if bare == office.name:
            continue
        key = (name_key(bare), office.kind)
        if key in taken:
            continue
        taken.add(key)
        office.name = bare
        office.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("offices", "0004_former_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

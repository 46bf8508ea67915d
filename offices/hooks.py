"""What the government's admin page asks of apps above offices, without offices importing them.

``government_template_uploaded`` is sent when the committee uploads its own DOCX template (its
decree annex or its berita acara): results, which renders the documents, connects a receiver that
renders it once and answers the problems found (a list of strings, empty when it is good). Called
with ``field`` (the Government field's name) and ``content`` (the file's bytes).
"""

from django.dispatch import Signal

government_template_uploaded = Signal()


def template_problems(*, field: str, content: bytes) -> list[str]:
    return [
        problem
        for _receiver, problems in government_template_uploaded.send(
            sender=None, field=field, content=content
        )
        for problem in problems or ()
    ]

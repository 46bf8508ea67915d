"""Printing from plain data: certificates and share cards, their drawing and their stored renders.

A library that knows no model: callers hand it frozen dataclasses, tuples, strings and pictures,
and it hands back bytes and storage names. It imports nothing from offices, awards, judging or
results (tests/project/test_layout.py), so it is tested with a dataclass and no database.

A plain package, not a Django app: it has no models, templates or static files of its own (its
fonts are the project's, static/fonts/dejavu).

certificates/  the words, layout and drawing of certificates and share cards
storage        renders kept in the media storage: keyed names, storing, reuse, deletion, ZIP
"""

"""The certificates and share cards of the committee's places: reading the models for ``documents``.

place_text  the words of one place (a ``documents.certificates.words.PlaceText``) from its Ranking
storage     where a place's renders are filed, when they are redrawn, downloads and the event's ZIP

The printing itself (words, layout, drawing, stored renders) is ``documents``, which knows no model.
"""

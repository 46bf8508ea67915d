"""Certificates (piagam penghargaan) and share cards of places, from a ``words.PlaceText``.

words     what is printed (Indonesian whatever the reader's language), signatories as ``Signer``s
layout    where each block and picture goes on the page, in pixels at 150 dpi, no Pillow
pdf       ReportLab: the certificate for print, a vector PDF with its words as text
drawing   Pillow: the certificate for screens (300 dpi PNG) and the share cards, QR codes (segno)
pictures  the emblem, signatures, stamps and background, read and prepared once per process

Only ``drawing`` and ``pictures`` import Pillow (and ``drawing`` segno), ``pdf`` ReportLab; callers
load them only when a file has to be drawn.
"""

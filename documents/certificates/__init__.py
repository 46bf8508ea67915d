"""Certificates (piagam penghargaan) and share cards of places, from a ``words.PlaceText``.

words    what is printed (Indonesian whatever the reader's language), no Pillow
layout   where each block goes on the page, in pixels, no Pillow
drawing  Pillow: fonts, fitted text, seal, logo, the QR code of a verification code (segno), PNG and PDF

Only ``drawing`` imports Pillow and segno, and callers load it only when a picture has to be drawn.
"""

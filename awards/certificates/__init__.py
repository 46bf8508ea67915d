"""Certificates (piagam penghargaan) and share cards of places.

words    the words printed (Indonesian whatever the reader's language), no Pillow
layout   where each block goes on the page, in pixels, no Pillow
drawing  Pillow: fonts, fitted text, seal, logo, the QR code of a verification code (segno), PNG and PDF
storage  pictures kept in the media storage: unguessable names, reuse, deletion, downloads, ZIP

Nothing here imports Pillow at import time except ``drawing``, which only ``storage`` loads, and
only when a picture has to be drawn.
"""

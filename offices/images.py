"""Office logos: checking an upload, storing it clean, and the thumbnails pages show.

An upload is trusted for nothing: its type is read from its content (not its name), its size and
pixel dimensions are bounded before it is decoded, and what is stored is a fresh PNG drawn from
its pixels, so no metadata (EXIF, GPS, comments, colour profiles) and no trailing bytes survive.
"""

import io
import logging
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 4000
# Stored logos are scaled down to this: the largest use is a certificate's 150 dpi logo box.
LOGO_STORED_SIDE = 1024
# A certificate's own background fills an A4 page: kept at 150 dpi (1754 × 1240 landscape).
BACKGROUND_STORED_SIDE = 1754
LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
# The sizes pages and pictures use (square boxes, in pixels); nothing else is made.
THUMBNAIL_SIZES = (64, 128, 256)
THUMBNAIL_DIR = "logos/thumbs"

logger = logging.getLogger(__name__)


def _open_checked(data: bytes) -> Image.Image:
    """Open and fully decode an upload, or raise ValidationError saying why it is refused."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two limits; any warning here means a huge image.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=LOGO_FORMATS)
            width, height = image.size
            if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
                raise ValidationError(
                    _("The logo is %(width)s × %(height)s pixels; at most %(max)s × %(max)s is accepted."),
                    code="logo_dimensions",
                    params={"width": width, "height": height, "max": LOGO_MAX_SIDE},
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The logo has too many pixels; at most %(max)s × %(max)s is accepted."),
            code="logo_dimensions",
            params={"max": LOGO_MAX_SIDE},
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(
            _(
                "The logo must be a PNG, JPEG or WebP image; this file is none of these "
                "(its name does not matter, its content does)."
            ),
            code="logo_format",
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("The logo file is damaged or incomplete; save the image again and upload the new file."),
            code="logo_damaged",
        ) from exc
    return image


def logo_clean(upload, *, stored_side: int = LOGO_STORED_SIDE) -> ContentFile:
    """Check an uploaded logo and return it re-encoded as a clean PNG (a new file, new name).

    The same for every uploaded picture printed on certificates (emblem, signatures, stamps, a
    background): ``stored_side`` is the largest side kept, transparency is kept."""
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s MB; at most 2 MB is accepted."),
            code="logo_too_large",
            params={"size": number_format(round(upload.size / (1024 * 1024), 1), 1)},
        )
    upload.seek(0)
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is larger than 2 MB; at most 2 MB is accepted."), code="logo_too_large"
        )
    image = _open_checked(data)
    # Turn the pixels the way the camera meant before the orientation tag is dropped.
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((stored_side, stored_side), Image.Resampling.LANCZOS)
    # A new image gets the pixels only; nothing of the upload's metadata travels with it.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name="logo.png")


def thumbnail_name(logo_name: str, size: int) -> str:
    """Where the thumbnail of a stored logo lives: derived from the logo's own (random) name."""
    return f"{THUMBNAIL_DIR}/{PurePosixPath(logo_name).stem}-{size}.png"


def logo_thumbnail(logo_name: str, size: int) -> str:
    """The storage name of a logo's thumbnail, made on first use and reused afterwards.

    The file lives in the shared storage, so every app server finds the one the first made.
    """
    if size not in THUMBNAIL_SIZES:
        raise ValueError(f"unknown logo size {size}; use one of {THUMBNAIL_SIZES}")
    name = thumbnail_name(logo_name, size)
    if default_storage.exists(name):
        return name
    with default_storage.open(logo_name, "rb") as stored:
        image = Image.open(stored, formats=["PNG"])
        image.load()
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    saved = default_storage.save(name, ContentFile(out.getvalue()))
    if saved != name:
        # Another server made the same thumbnail at the same moment; keep one copy.
        default_storage.delete(saved)
    return name


def logo_thumbnail_url(logo_name: str, size: int) -> str:
    """The thumbnail's address, or "" when the logo file is gone (a page shows no logo then)."""
    if not logo_name:
        return ""
    try:
        return default_storage.url(logo_thumbnail(logo_name, size))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("Logo %s is missing or unreadable in the storage", logo_name)
        return ""


def logo_image(logo_name: str, size: int = 256) -> Image.Image | None:
    """A logo's thumbnail as a decoded image, for drawing it onto certificates and cards.

    A logo file lost from the storage leaves the picture without a logo rather than failing it.
    """
    if not logo_name:
        return None
    try:
        with default_storage.open(logo_thumbnail(logo_name, size), "rb") as stored:
            image = Image.open(stored, formats=["PNG"])
            image.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("Logo %s is missing or unreadable in the storage", logo_name)
        return None
    return image


def logo_files_delete(logo_name: str) -> None:
    """Remove a replaced or cleared logo and its thumbnails."""
    if not logo_name:
        return
    for name in [logo_name, *(thumbnail_name(logo_name, size) for size in THUMBNAIL_SIZES)]:
        default_storage.delete(name)

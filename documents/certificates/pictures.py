"""The pictures certificates draw besides the office's logo: the government's emblem, the
signatories' signatures and stamps, the committee's background. Each is read and prepared once.

A picture is named by its storage name, which the caller reads (``read``: name -> bytes, or None
when the file is gone: the certificate is drawn without it rather than failing). Stored pictures
are never overwritten (their names are random, offices.images), so a name stands for one picture
for good and what was prepared for it can be kept as long as the process lives: an event's 500
certificates decode and convert the emblem, each signature and stamp once, not once per page.
"""

import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# The largest side a picture is kept at, by what it is: 250–300 dpi at the size it is printed (the
# emblem's and logo's boxes are 2.4 cm, a signature's at most 4.4 × 1.7 cm, a stamp's 1.7 cm), which
# paper shows as sharp as more; each pixel more is compressed again on every page (ReportLab embeds
# an image per PDF). A background fills the A4 page at 150 dpi (it is stored at that size).
PRINTED_SIDE = {"emblem": 280, "logo": 280, "signature": 440, "stamp": 200, "background": 1754}
# JPEG quality of the pictures in the PDF: a JPEG is copied into each page as it is, where any
# other picture is compressed again for every PDF (zlib, 1.5–2 ms a signature or stamp, most of a
# signed certificate's time). At this quality, without chroma subsampling, a stamp's or a
# signature's thin strokes keep their edges on paper.
JPEG_QUALITY = 92


class Pictures:
    """Stored pictures opened once each, for Pillow (``image``) and for ReportLab (``reader``).

    Safe to share between threads; keeps at most ``size`` pictures of each sort (least recently
    used goes first).
    """

    def __init__(self, read: Callable[[str], bytes | None], size: int = 64) -> None:
        self._read = read
        self._size = size
        self._lock = threading.Lock()
        self._images: OrderedDict[tuple[str, str], Image.Image | None] = OrderedDict()
        self._readers: OrderedDict[tuple, object] = OrderedDict()

    def _kept(self, store: OrderedDict, key: tuple[str, str], make: Callable[[], object]) -> object:
        with self._lock:
            if key in store:
                store.move_to_end(key)
                return store[key]
        value = make()
        with self._lock:
            store[key] = value
            while len(store) > self._size:
                store.popitem(last=False)
        return value

    def image(self, role: str, name: str) -> Image.Image | None:
        """The picture decoded, RGBA or RGB, no larger than its role prints it; None if gone.

        Shared: callers copy it before changing it.
        """
        return self._kept(self._images, (role, name), lambda: self._decode(role, name))

    def _decode(self, role: str, name: str) -> Image.Image | None:
        try:
            data = self._read(name)
            if data is None:
                raise FileNotFoundError(name)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as opened:
                image = opened.convert("RGBA" if _has_alpha(opened) else "RGB")
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
            logger.warning("Picture %s is missing or unreadable in the storage", name)
            return None
        side = PRINTED_SIDE.get(role, 1024)
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        return image

    def reader(self, role: str, name: str, over: tuple[int, int, int] | None = None):
        """The picture as a ReportLab ImageReader, prepared once; None if gone.

        ``over`` is the plain paper the picture lies on: a transparent picture is laid on it
        here, once, and kept as a JPEG, which a PDF carries as it is (each page copies it instead
        of compressing its pixels again). Without it (a picture over the committee's background)
        the transparency is kept for the page to apply, and each page compresses it. A
        background is always a JPEG.
        """
        return self._kept(self._readers, (role, name, over), lambda: self._prepare(role, name, over))

    def _prepare(self, role: str, name: str, over: tuple[int, int, int] | None):
        from reportlab.lib.utils import ImageReader

        image = self.image(role, name)
        if image is None:
            return None
        if role == "background" or over is not None or image.mode == "RGB":
            flat = Image.new("RGB", image.size, over or (255, 255, 255))
            flat.paste(image, mask=image if image.mode == "RGBA" else None)
            out = io.BytesIO()
            flat.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
            out.seek(0)
            reader = ImageReader(out)
        else:
            reader = ImageReader(image)
        # The pixels ReportLab reads to name the image in each PDF, decoded now, once.
        reader.getRGBData()
        return reader


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info

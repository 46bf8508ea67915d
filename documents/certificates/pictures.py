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
# JPEG quality of a background in the PDF: it is passed through as it is (no re-compression per
# page), and a photograph or a scan loses nothing a printed page shows at this quality.
BACKGROUND_QUALITY = 90


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
        self._readers: OrderedDict[tuple[str, str], object] = OrderedDict()

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

    def reader(self, role: str, name: str):
        """The picture as a ReportLab ImageReader, its pixels converted once; None if gone.

        A background becomes a JPEG, which a PDF carries as it is: a page copies it instead of
        compressing 6.5 MB of pixels each time.
        """
        return self._kept(self._readers, (role, name), lambda: self._prepare(role, name))

    def _prepare(self, role: str, name: str):
        from reportlab.lib.utils import ImageReader

        image = self.image(role, name)
        if image is None:
            return None
        if role == "background":
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=BACKGROUND_QUALITY)
            out.seek(0)
            return ImageReader(out)
        reader = ImageReader(image)
        # The pixels as ReportLab embeds them (RGB and, when transparent, the alpha apart),
        # converted now, once, rather than on the first page.
        reader.getRGBData()
        return reader


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info

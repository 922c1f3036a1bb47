"""whitenoise's hashed, compressed static files (make serve), with brotli's quality
settable: STATIC_BROTLI_QUALITY, 11 by default as whitenoise's own.

Quality 11 took about 10 s of collectstatic's 12 (admin's vendor scripts, each compressed
twice, hashed and unhashed); 9 takes 1.5 s for files about 10 % larger. A deploy keeps
11, since it compresses once; a throwaway stack, such as the serving tests', may not.
"""

from __future__ import annotations

from typing import Any

import brotli
from django.conf import settings
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class _Compressor(Compressor):
    def __init__(self, *args: Any, quality: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quality = quality

    def compress_brotli(self, data: bytes) -> bytes:
        return bytes(brotli.compress(data, quality=self.quality))


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return _Compressor(quality=getattr(settings, "STATIC_BROTLI_QUALITY", 11), **kwargs)

"""Content digests (cache keys, fingerprints, change checks): BLAKE2b.

Taken from ``_blake2``, the module ``hashlib`` itself takes it from: importing
``hashlib`` first loads OpenSSL (``_hashlib``), 20-30 ms of every start-up for an
algorithm normtools never uses.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without it: hashlib has it from OpenSSL
    from hashlib import blake2b

__all__ = ["blake2b"]

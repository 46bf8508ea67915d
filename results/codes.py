"""Verification codes: what a certificate prints for /verify/, drawn, read back and linked."""

import secrets

from django.urls import reverse

from offices.government import public_address

# Verification codes: 8 characters from an alphabet without look-alikes (0/O, 1/I/L), printed as
# XXXX-XXXX; 31**8 ≈ 8.5e11 codes, drawn at random, so a code cannot be guessed from another.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(taken: set[str]) -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if code not in taken:
            taken.add(code)
            return code


def normalise_code(text: str) -> str:
    """What a reader typed (“k7qm3xpa”, “K7QM 3XPA”) as the printed code, or "" if it cannot be one."""
    raw = "".join(ch for ch in str(text).upper() if ch.isalnum())
    if len(raw) != 8 or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:]}"


def verify_url(code: str) -> str:
    """The absolute address a certificate prints for its code (the government's public address)."""
    return public_address() + reverse("results:verify", kwargs={"code": code})

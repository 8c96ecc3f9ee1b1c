"""Passwords: what we accept, how we hash them, how we check them.

Rules (NIST SP 800-63B, OWASP ASVS 2.1): 12 to 128 characters, any Unicode,
no composition rules, but not one of the 10,000 most common passwords
(``data/common_passwords.txt``, zxcvbn's list), not a trivially padded or
repeated form of one, and not the user's own name, email or NIP. Every path
that sets a password (registration, ``flask users create``, change, reset)
goes through :func:`password_problem`.

Normalisation: passwords are normalised to **NFKC** before they are counted,
compared and hashed, so the same password typed on another keyboard or
operating system (``é`` as one code point or as ``e`` + combining accent;
full-width ``Ａ`` from an IME) still matches. Length is counted in code
points *after* normalisation. Hashes made before normalisation was added hold
the raw text; :func:`verify_password` falls back to the raw text only when
normalising changed it, so no existing hash breaks.

No truncation: Werkzeug's scrypt hashes every byte of the password (bcrypt
would silently ignore everything after 72 bytes; 128 emoji are 512 bytes).
"""

from __future__ import annotations

import string
import unicodedata
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
NORMAL_FORM = "NFKC"
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"

# What people put around a weak word to pass a length rule: "password2026!".
_PADDING = string.digits + string.punctuation + string.whitespace
# A unit this short repeated ("aaaa...", "abab...", "abcabc...") is no password.
_SHORT_UNIT = 3
# Personal values shorter than this are too common to refuse inside a password.
_MIN_PERSONAL = 4


def normalize_password(password: str) -> str:
    """The form that is counted, compared and hashed (see module docstring)."""
    return unicodedata.normalize(NORMAL_FORM, password)


def _encodable(text: str) -> bool:
    """False for lone surrogates, which cannot be turned into bytes to hash."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, case-folded; read from disk once per process."""
    words = set()
    for line in COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(word.casefold())
    return frozenset(words)


def _repeated_unit(text: str) -> str | None:
    """The shortest ``unit`` with ``text == unit * k`` for some k >= 2."""
    if len(text) < 2:
        return None
    position = (text + text).find(text, 1)
    return text[:position] if position < len(text) else None


def _variants(folded: str) -> set[str]:
    """``folded`` and what is left once padding and repetition are taken off."""
    variants = {folded, folded.strip(_PADDING), folded.rstrip(_PADDING)}
    variants.add(folded.lstrip(_PADDING))
    for text in list(variants):
        unit = _repeated_unit(text)
        if unit is not None:
            variants.update({unit, unit.strip(_PADDING)})
    return {text for text in variants if text}


def _is_sequence(text: str) -> bool:
    """``abcdefghijkl``, ``987654321098``: every step the same +1 or -1."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return steps in ({1}, {-1})


def _is_trivial(folded: str) -> bool:
    variants = _variants(folded)
    if variants & common_passwords():
        return True
    unit = _repeated_unit(folded)
    return (unit is not None and len(unit) <= _SHORT_UNIT) or _is_sequence(folded)


def _compact(text: str) -> str:
    """Letters and digits only: "Siti R. Rahmawati" -> "sitirrahmawati"."""
    return "".join(ch for ch in normalize_password(text).casefold() if ch.isalnum())


def _is_personal(folded: str, personal: tuple[str | None, ...]) -> bool:
    """The password contains the user's name, email (or its local part) or
    NIP, or is one word of their name with padding around it."""
    compact = _compact(folded)
    variants = _variants(folded)
    for value in filter(None, personal):
        pieces = {value, value.partition("@")[0]}
        for piece in pieces:
            piece_compact = _compact(piece)
            if len(piece_compact) >= _MIN_PERSONAL and piece_compact in compact:
                return True
        words = {_compact(word) for word in value.split()}
        if variants & {word for word in words if len(word) >= _MIN_PERSONAL}:
            return True
    return False


def password_problem(
    password: str,
    *,
    name: str | None = None,
    email: str | None = None,
    nip: str | None = None,
) -> str | None:
    """Why ``password`` cannot be used (a message for its field), or None.

    ``name``, ``email`` and ``nip`` are the account's own: a password made of
    them is the first thing someone who knows the user tries.
    """
    if not _encodable(password):
        return _("Kata sandi memuat karakter yang tidak dapat dipakai.")
    normalized = normalize_password(password)
    if len(normalized) < MIN_PASSWORD_LENGTH:
        return _("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH)
    if len(normalized) > MAX_PASSWORD_LENGTH:
        return _("Kata sandi maksimal %(n)d karakter.", n=MAX_PASSWORD_LENGTH)
    folded = normalized.casefold()
    if _is_trivial(folded):
        return _(
            "Kata sandi ini terlalu umum atau mudah ditebak. Gunakan beberapa "
            "kata yang hanya Anda ketahui, misalnya frasa pendek."
        )
    if _is_personal(folded, (name, email, nip)):
        return _("Kata sandi tidak boleh memuat nama, email, atau NIP Anda.")
    return None


def hash_password(password: str) -> str:
    """A salted scrypt hash of the normalised password (Werkzeug's default)."""
    return generate_password_hash(normalize_password(password))


@cache
def _dummy_hash() -> str:
    """Checked instead of a missing or unusable hash, so the check costs the
    same whether or not the account exists or has a password."""
    return generate_password_hash("tidak-ada-akun-dengan-kata-sandi-ini")


def _check(password_hash: str, password: str) -> bool:
    try:
        return check_password_hash(password_hash, password)
    except ValueError:  # an unknown method: a placeholder, never a real hash
        return False


def _usable(password_hash: str) -> bool:
    method = password_hash.partition("$")[0]
    return password_hash.count("$") >= 2 and method.startswith(("scrypt", "pbkdf2"))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    Always computes one hash, also for an unknown email (``None``) or an
    account whose hash is a placeholder (a pending account's ``!...``), so
    the response time does not tell them apart from a wrong password.
    """
    usable = bool(password_hash) and _usable(password_hash or "")
    stored = password_hash if usable and password_hash else _dummy_hash()
    if not _encodable(password):
        password = password.encode("utf-8", "replace").decode("utf-8")
        usable = False
    normalized = normalize_password(password)
    matches = _check(stored, normalized)
    if not matches and normalized != password:
        # A hash made before passwords were normalised holds the raw text.
        matches = _check(stored, password)
    return matches and usable

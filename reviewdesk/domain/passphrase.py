"""A quick, offline hint of how hard a passphrase would be to guess.

Used when someone protects a case pack or a returned contribution. It looks at length, the kinds
of character used, runs and repeats, and a small built-in list of very common passwords. It is a
hint to help people choose well, not a guarantee: a long phrase of three or four random words is
the advice throughout (the NCSC's "three random words").

Two rules are enforced (:func:`passphrase_problem`): at least :data:`MIN_LENGTH` characters, and
not one of the very common passwords.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP

MIN_LENGTH = 10
MAX_LENGTH = 1024

SEND_SEPARATELY = (
    "Send the passphrase another way, never in the same email or message as the file: "
    "for example tell them by phone or in person."
)

# Very common passwords and their usual variants (compared without case, accents or trailing
# digits and symbols, and with common letter swaps undone). Small on purpose: this is a hint.
_COMMON_TEXT = """
    123456 1234567 12345678 123456789 1234567890 0123456789 987654321 654321 123123 123321
    111111 000000 121212 112233 666666 777777 555555 11111111 159753 147258369 qwerty qwertyuiop
    qwertyuiopasdfghjkl asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx 1qaz2wsx zaq12wsx 1q2w3e4r
    1q2w3e4r5t q1w2e3r4 q1w2e3r4t5 qwe123 password passwords passw0rd password1 letmein welcome
    admin administrator changeme secret default guest login master monkey dragon shadow sunshine
    princess iloveyou trustno1 football baseball soccer hockey cricket rugby liverpool arsenal
    chelsea manchester tottenham london england scotland wales britain superman batman starwars
    pokemon whatever freedom summer winter spring autumn charlie michael jennifer jessica thomas
    daniel andrew matthew joshua robert george michelle ashley amanda nicole taylor computer
    internet abc abcdef abcdefgh abcdefghij abcd1234 aaaaaa mustang harley hunter buster tigger
    ginger pepper maggie cheese biteme access thunder matrix jordan ranger killer yankees dallas
    austin hello hellohello goodbye love lovely family friends blessed jesus
    reviewdesk safeguarding safeguard childprotection protection confidential official
    officialsensitive sensitive council partnership nhs police socialwork socialworker
    healthvisitor review reviews lcspr eastmere
"""
_COMMON = frozenset(_COMMON_TEXT.split())

_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "l", "!": "i", "3": "e", "$": "s",
                       "5": "s", "7": "t", "+": "t", "9": "g", "8": "b"})  # fmt: skip


class Strength(IntEnum):
    NOT_ACCEPTED = 0
    WEAK = 1
    FAIR = 2
    GOOD = 3
    STRONG = 4

    @property
    def label(self) -> str:
        return {
            0: QT_TRANSLATE_NOOP("Labels", "Not accepted"),
            1: QT_TRANSLATE_NOOP("Labels", "Weak"),
            2: QT_TRANSLATE_NOOP("Labels", "Fair"),
            3: QT_TRANSLATE_NOOP("Labels", "Good"),
            4: QT_TRANSLATE_NOOP("Labels", "Strong"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class PassphraseHint:
    strength: Strength
    advice: str

    @property
    def acceptable(self) -> bool:
        return self.strength > Strength.NOT_ACCEPTED

    @property
    def text(self) -> str:
        return f"{self.strength.label}: {self.advice}"


def normalise(passphrase: str) -> str:
    """The form a passphrase is used in: Unicode NFC, so the same phrase typed on another computer
    (which may compose accented letters differently) opens the file."""
    return unicodedata.normalize("NFC", passphrase)


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _looks_common(passphrase: str) -> bool:
    plain = _plain(passphrase)
    squashed = re.sub(r"[\s._-]+", "", plain)
    candidates = {plain, squashed}
    # "Password123!", "summer2024", "qwerty!!": strip what people add at the ends, then undo
    # letter swaps ("P@ssw0rd").
    candidates |= {re.sub(r"^[\d\W_]+|[\d\W_]+$", "", c) for c in list(candidates)}
    candidates |= {c.translate(_LEET) for c in list(candidates)}
    candidates.discard("")
    return any(c in _COMMON for c in candidates) or len(set(squashed)) <= 2


def _pool(passphrase: str) -> int:
    pool = 0
    if re.search(r"[a-z]", passphrase):
        pool += 26
    if re.search(r"[A-Z]", passphrase):
        pool += 26
    if re.search(r"\d", passphrase):
        pool += 10
    if re.search(r"[ ]", passphrase):
        pool += 1
    if re.search(r"[^a-zA-Z\d ]", passphrase):
        pool += 33
    return max(pool, 10)


def _effective_length(passphrase: str) -> float:
    """Length, with repeats and simple runs ("aaaa", "1234", "abcd") counting for little."""
    total, prev_step = 0.0, None
    for i, ch in enumerate(passphrase):
        if i == 0:
            total += 1
            continue
        step = ord(ch) - ord(passphrase[i - 1])
        if step == 0 or (abs(step) == 1 and step == prev_step):
            total += 0.25
        else:
            total += 1
        prev_step = step
    return total


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase cannot be used, or None when it can."""
    passphrase = normalise(passphrase)
    if len(passphrase) < MIN_LENGTH:
        return (
            f"Please use at least {MIN_LENGTH} characters. Three or four random words, with "
            "spaces between them, are easy to say and hard to guess."
        )
    if len(passphrase) > MAX_LENGTH:
        return f"Please use a passphrase of up to {MAX_LENGTH:,} characters."
    if _looks_common(passphrase):
        return (
            "This is one of the passwords people use most often, so it would be guessed quickly. "
            "Please choose something less predictable, such as three or four random words."
        )
    return None


def assess(passphrase: str) -> PassphraseHint:
    """A strength hint to show while someone types a passphrase."""
    problem = passphrase_problem(passphrase)
    if problem:
        return PassphraseHint(Strength.NOT_ACCEPTED, problem)
    passphrase = normalise(passphrase)
    bits = _effective_length(passphrase) * math.log2(_pool(passphrase))
    words = len([w for w in re.split(r"[\s._-]+", passphrase) if len(w) >= 3])
    if words >= 4 and len(passphrase) >= 20:
        bits = max(bits, 80)
    if bits < 50:
        return PassphraseHint(
            Strength.WEAK, "Longer is better: add another word or two that are not connected."
        )
    if bits < 65:
        return PassphraseHint(
            Strength.FAIR, "This would take some guessing. Another random word would make it good."
        )
    if bits < 80:
        return PassphraseHint(Strength.GOOD, "This would be hard to guess.")
    return PassphraseHint(Strength.STRONG, "This would be very hard to guess.")

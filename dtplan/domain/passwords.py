"""Passwords: bcrypt hashing, the strength policy, and a check that costs the same for unknown names.

One normalisation rule, the same on set and on check: the sign-in form (streamlit-authenticator) strips
spaces at both ends of what is typed, so a password that starts or ends with whitespace could be stored
but never typed back; such passwords are refused when set. The CLI's --password-stdin drops the line end
("\\n" or the "\\r\\n" of a Windows pipe) before that rule sees the password.
"""

from __future__ import annotations

import re

import bcrypt

# bcrypt reads at most 72 bytes (bcrypt 5 raises beyond that); Vietnamese letters take 2–3 bytes in UTF-8.
MAX_BYTES = 72
MIN_LENGTH = 10
# A fixed hash of a password nobody knows, at the cost of real hashes (12 rounds): an unknown name is
# checked against it so that a refusal takes as long whether the name exists or not.
DUMMY_HASH = b"$2b$12$5Y0sND4bB70bODiz2qvkTOendFvN6QWhk5g6Of4xstzpRaDatWoKe"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words and keyboard runs that make up the passwords guessed first (lists of leaked passwords), plus the
# names of this system and province; a password that is one of them plus digits or symbols is refused.
COMMON_WORDS = _words(
    """
    password passw0rd passwd pass admin administrator admins root user users guest test tester demo login
    welcome letmein changeme secret master default system qwerty qwertyuiop qwertz azerty asdf asdfgh
    asdfghjkl zxcv zxcvbn zxcvbnm qazwsx qwe qweasd qweasdzxc abc abcd abcde abcdef abcdefg abcdefgh
    iloveyou dragon monkey sunshine princess football baseball superman batman shadow michael whatever
    trustno freedom hello hellohello computer internet matkhau matkhaumoi quantri quantrivien admintinh
    vietnam vietnamese hanoi saigon ninhbinh dtplan chuyendoiso ubnd ubndtinh sotttt tttt congchuc
    canbo taikhoan dangnhap xinchao anhyeuem emyeuanh
    """
)
# Full passwords from the top of public leak lists that the rule above does not already cover.
COMMON_PASSWORDS = _words(
    """
    1q2w3e4r5t 1qaz2wsx3edc 1q2w3e4r 1qaz2wsx zaq12wsx qazwsxedc q1w2e3r4t5 a1b2c3d4e5 p@ssw0rd p@ssword
    """
)
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"})
_EDGES = "0123456789!@#$%^&*()_+-=.,;:?/\\|~`'\"[]{}<> "

TOO_SHORT = f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự"
TOO_LONG = (
    f"Mật khẩu dài quá {MAX_BYTES} byte (giới hạn của bcrypt; mỗi chữ có dấu tính 2–3 byte): hãy dùng mật khẩu ngắn hơn"
)
EDGE_SPACE = "Mật khẩu không được bắt đầu hoặc kết thúc bằng khoảng trắng (ô đăng nhập bỏ khoảng trắng ở hai đầu)"
FEW_CLASSES = "Mật khẩu phải có ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký hiệu"
HAS_USERNAME = "Mật khẩu không được chứa tên đăng nhập"
TOO_COMMON = (
    "Mật khẩu quá dễ đoán (một từ thông dụng hoặc dãy phím liền nhau, thêm số hay ký hiệu): hãy chọn mật khẩu khác"
)


def too_long(password: str) -> bool:
    return len(password.encode("utf-8")) > MAX_BYTES


def hash_password(password: str) -> str:
    """bcrypt, 12 rounds. The caller has refused passwords over 72 bytes (ValueError otherwise)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def check_password(password: str, hashed: str | None) -> bool:
    """True when `password` matches `hashed`. With no hash (unknown name), a password over 72 bytes or a
    damaged hash, bcrypt still runs once against a fixed hash, so every refusal costs the same time."""
    candidate = password.encode("utf-8")
    if too_long(password):
        candidate = candidate[:MAX_BYTES]
        hashed = None
    try:
        if hashed is not None:
            return bcrypt.checkpw(candidate, hashed.encode("ascii"))
    except ValueError:
        pass
    bcrypt.checkpw(candidate, DUMMY_HASH)
    return False


def _is_common(password: str) -> bool:
    lower = password.lower()
    core = lower.strip(_EDGES)  # the word once leading/trailing digits and symbols are taken off
    letters = re.sub(r"[^a-z]", "", lower)
    candidates = {lower, core, core.translate(_LEET), letters, lower.translate(_LEET)}
    if candidates & COMMON_PASSWORDS or candidates & COMMON_WORDS:
        return True
    # Only one distinct letter (Aaaaaaa1!) or no letters at all beyond a short run: nothing to guess.
    return len(set(letters)) <= 1


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused (Vietnamese), or None. Demo passwords bypass this (labelled demo)."""
    if password != password.strip():
        return EDGE_SPACE
    if too_long(password):
        return TOO_LONG
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < 3:
        return FEW_CLASSES
    if username and username.lower() in password.lower():
        return HAS_USERNAME
    if _is_common(password):
        return TOO_COMMON
    return None


def from_stdin_line(line: str) -> str:
    """The password of one line read from a pipe: its line end ("\\n", or "\\r\\n" from Windows) removed,
    nothing else (spaces are kept so that password_problem can refuse them with its message)."""
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line

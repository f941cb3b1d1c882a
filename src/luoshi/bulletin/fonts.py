"""The font files a 通报 is set in, by role (title 小标宋, body 仿宋, heading
黑体, subheading 楷体, page numbers 宋体, charts): the office's own fonts
where installed (or put in $LUOSHI_FONT_DIR), else those Debian packages
ship (fonts-noto-cjk). The DOCX names the office fonts (``docx_name``)
whatever is installed here; the PDF and the charts embed the files found."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from luoshi.bulletin.words import words
from luoshi.errors import LuoshiError

ROLES = ("title", "body", "heading", "subheading", "number", "chart")
INSTALL_HINT = (
    "请安装中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），或把字体文件放在 $LUOSHI_FONT_DIR 所指的文件夹"
)


class FontsMissing(LuoshiError):
    """No font file for a role of the 通报."""


@dataclass(frozen=True, slots=True)
class FontFile:
    role: str
    docx_name: str  # what a DOCX asks for (仿宋_GB2312)
    path: Path
    face: int  # index in a collection, 0 for a single font
    name: str  # the family found (Noto Serif CJK SC)


@dataclass(frozen=True)
class FontSet:
    fonts: dict[str, FontFile]

    def __getitem__(self, role: str) -> FontFile:
        return self.fonts[role]


def docx_names() -> dict[str, str]:
    """role → the font name a DOCX asks for (w:eastAsia); needs no file here."""
    spec = words()["fonts"]
    return {role: str(spec[role]["docx"]) for role in ROLES}


def latin_font() -> str:
    return str(words()["fonts"]["latin"])


def font_dirs() -> list[Path]:
    dirs = [os.environ["LUOSHI_FONT_DIR"]] if os.environ.get("LUOSHI_FONT_DIR") else []
    dirs += [str(d) for d in words()["font_dirs"]]
    return [Path(os.path.expanduser(d)) for d in dirs]


@cache
def _files_in(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """File name → path for every font file under ``dirs``; the first folder wins."""
    found: dict[str, Path] = {}
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in names:
                if n.lower().endswith((".ttf", ".ttc", ".otf", ".otc")):
                    found.setdefault(n, Path(root) / n)
    return found


def _face(path: Path, wanted: str | None) -> tuple[int, str] | None:
    """The index and name of the font ``wanted`` in a collection (or the
    only one of a single font file); None when the file lacks it."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except Exception:  # noqa: BLE001 - an unreadable file is skipped like a missing one
        return None
    for i, f in enumerate(fonts):
        name = f["name"].getDebugName(4) or f["name"].getDebugName(1) or path.stem
        if wanted is None or name == wanted:
            return i, name
    return None


@cache
def find_fonts() -> FontSet:
    """A file for every role, or ``FontsMissing`` naming the roles without one."""
    spec = words()["fonts"]
    files = _files_in(tuple(font_dirs()))
    chosen: dict[str, FontFile] = {}
    missing = []
    for role in ROLES:
        for option in spec[role]["files"]:
            path = files.get(option["file"])
            face = None if path is None else _face(path, option.get("face"))
            if path is not None and face is not None:
                chosen[role] = FontFile(role, str(spec[role]["docx"]), path, face[0], face[1])
                break
        else:
            missing.append(str(spec[role]["docx"]))
    if missing:
        raise FontsMissing(f"没有找到通报所需的字体（{'、'.join(missing)}或其替代字体）：{INSTALL_HINT}")
    return FontSet(chosen)

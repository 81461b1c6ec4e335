"""The one check every uploaded document or photo passes before it is stored, and the one way it is served.

Every upload in the platform (personnel-file documents, certificate scans, work-log and volunteer evidence,
assessment evidence, the applicant portal's photo, diploma and certificate) goes through `check_upload`:

1. the size, before anything is read;
2. the type, from the file's first bytes (never the client's name or Content-Type);
3. for images, the dimensions read from the header alone, so a decompression bomb is refused undecoded;
4. for PDFs, active content: a PDF that carries JavaScript, launches a program, embeds files, submits forms
   or holds an XFA form is refused (a diploma or certificate scan has none of these), and so is an
   encrypted PDF, whose dictionaries cannot be read. The scan reads the object dictionaries and the
   compressed object streams (under a decompression budget), with `#xx` escapes in names undone, so
   `/J#61vaScript` is caught; it never decodes page content or images.

`file_response` serves a stored upload with `Content-Security-Policy: sandbox` (a browser's PDF viewer
or an SVG-sniffing client gets no script and no same-origin access), `nosniff` and `no-store`.
`delete_files_on_commit` removes replaced files from storage once the replacing transaction commits.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext, gettext_noop

from .security import CSP

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
LABELS = {JPEG: "JPG", PNG: "PNG", PDF: "PDF"}
DOCUMENT_TYPES = frozenset({PDF, PNG, JPEG})
IMAGE_TYPES = frozenset({PNG, JPEG})

MAX_IMAGE_SIDE = 10000  # pixels; a larger image is refused before anything decodes it (decompression bombs)
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_INFLATE = 20 * 1024 * 1024  # bytes of object streams decompressed while scanning one PDF

# Names whose presence makes a PDF active: scripts, program launch, embedded files, form submission and
# import, rich media, XFA forms. (/OpenAction and /AA are left alone: word processors use them to set the
# opening view; what they could run is one of these.)
ACTIVE_NAMES = {
    b"JavaScript": gettext_noop("JavaScript 脚本"),
    b"JS": gettext_noop("JavaScript 脚本"),
    b"Launch": gettext_noop("启动外部程序"),
    b"EmbeddedFile": gettext_noop("嵌入文件"),
    b"EmbeddedFiles": gettext_noop("嵌入文件"),
    b"RichMedia": gettext_noop("多媒体内容"),
    b"XFA": gettext_noop("XFA 表单"),
    b"SubmitForm": gettext_noop("表单提交"),
    b"ImportData": gettext_noop("数据导入"),
}

_NAME = re.compile(rb"/([^\s/\[\]<>(){}%]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"
_OBJ_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def sniff(head: bytes) -> str:
    """The content type from a file's first bytes, or "" when it is none of the accepted kinds."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return ""


def image_dimensions(data: bytes, content_type: str) -> tuple[int, int] | None:
    """(width, height) read from the header alone (PNG IHDR, JPEG SOFn), without decoding pixels.
    None when the header cannot be read."""
    if content_type == PNG:
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", data[16:24])
    if content_type == JPEG:
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            i += 2 + length
        return None
    return None


def image_problem(dims: tuple[int, int] | None) -> str | None:
    if dims is None:
        return gettext("图片文件头无法识别，请重新拍照或导出后上传")
    width, height = dims
    if width == 0 or height == 0 or width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        return gettext("图片尺寸 %(width)s×%(height)s 超出限制（单边不超过 %(max)s 像素）") % {"width": width, "height": height, "max": MAX_IMAGE_SIDE}
    return None


def _names(text: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n) for n in _NAME.findall(text)}


def pdf_problem(data: bytes) -> str | None:
    """Why this PDF is refused (active content, encryption, an object stream too large to scan), or None.

    Reads what lies outside stream bodies (every object's dictionary) and the decompressed bodies of object
    streams (/Type /ObjStm, where PDF 1.5+ keeps dictionaries); page content and images are skipped, so
    binary data never produces a false match."""
    outside: list[bytes] = []
    budget = MAX_PDF_INFLATE
    pos = 0
    for m in _STREAM.finditer(data):
        if m.start() < pos:
            continue
        # Only a `stream` keyword that follows a dictionary opens a body.
        before = data[max(pos, m.start() - 4096) : m.start()]
        if not before.rstrip().endswith(b">>"):
            continue
        end = data.find(_ENDSTREAM, m.end())
        if end < 0:
            end = len(data)
        outside.append(data[pos : m.start()])
        obj = before[before.rfind(b" obj") :] if b" obj" in before else before
        if b"ObjStm" in _names(obj):
            if b"FlateDecode" not in _names(obj):
                return gettext("PDF 的对象流无法检查，请另存为普通 PDF 后上传")
            inflater = zlib.decompressobj()
            try:
                body = inflater.decompress(data[m.end() : end], budget)
            except zlib.error:
                return gettext("PDF 文件已损坏，请重新导出后上传")
            budget -= len(body)
            if inflater.unconsumed_tail or budget <= 0:
                return gettext("PDF 结构过于复杂，请另存为普通 PDF 后上传")
            outside.append(body)
        else:
            # A reader reaches an object through the cross-reference offsets, wherever it lies: an object
            # header inside a stream body is read from there on.
            hidden = _OBJ_HEADER.search(data, m.end(), end)
            if hidden:
                outside.append(data[hidden.start() : end])
        pos = end + len(_ENDSTREAM)
    outside.append(data[pos:])
    names = set()
    for part in outside:
        names |= _names(part)
    if b"Encrypt" in names:
        return gettext("PDF 文件设有密码保护，请去除密码后上传")
    found = sorted({label for name, label in ACTIVE_NAMES.items() if name in names})
    if found:
        return gettext("PDF 文件含有%(found)s，不予接收；请打印后重新扫描，或另存为普通 PDF 后上传") % {
            "found": gettext("、").join(gettext(label) for label in found)
        }
    return None


def check_upload(upload, *, max_bytes: int, types=DOCUMENT_TYPES, what: str = gettext_noop("文件"), field: str = "file") -> Checked:
    """Check an uploaded file before anything stores or parses it; raises ValidationError({field: [...]}).
    `what` is the caller's Chinese name of the file ("照片"), shown in the page's language when the catalogue has it."""
    what = gettext(what)

    def refuse(message: str):
        raise ValidationError({field: [message]})

    if upload.size > max_bytes:
        refuse(gettext("%(what)s不能超过 %(mb)s MB") % {"what": what, "mb": max_bytes // (1024 * 1024)})
    if upload.size == 0:
        refuse(gettext("%(what)s是空文件") % {"what": what})
    head = upload.read(64 * 1024)
    upload.seek(0)
    content_type = sniff(head)
    if content_type not in types:
        names = gettext("、").join(LABELS[t] for t in LABELS if t in types)
        refuse(gettext("%(what)s只接受 %(types)s 格式（按文件内容识别）") % {"what": what, "types": names})
    if content_type in IMAGE_TYPES:
        dims = image_dimensions(head, content_type)
        problem = image_problem(dims)
        if problem:
            refuse(problem)
        return Checked(content_type, EXTENSIONS[content_type], *dims)
    data = upload.read()  # bounded by max_bytes above
    upload.seek(0)
    problem = pdf_problem(data)
    if problem:
        refuse(problem)
    return Checked(content_type, EXTENSIONS[content_type])


def delete_files_on_commit(files) -> None:
    """Remove stored files once the current transaction commits (a rollback keeps them)."""
    names = [(f.storage, f.name) for f in files if f]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def open_stored(field_file):
    """Open a stored file for reading; a file missing from storage is a 404 with a Chinese message, not a 500."""
    if not field_file:
        raise Http404(gettext("文件不存在"))
    try:
        return field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(gettext("文件已不在存储中，请联系系统管理员从备份恢复")) from None


def file_response(
    handle, *, content_type: str | None = None, filename: str | None = None, attachment: bool = False
) -> FileResponse:
    """Serve a stored upload: its own sniffed type, no script (CSP sandbox), never cached. `handle` is an open
    file or a FieldFile (opened through `open_stored`)."""
    if isinstance(handle, FieldFile):
        handle = open_stored(handle)
    response = FileResponse(handle, content_type=content_type, as_attachment=attachment, filename=filename or "")
    response["Content-Security-Policy"] = f"{CSP}; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response

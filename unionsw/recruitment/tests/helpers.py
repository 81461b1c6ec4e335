from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client


def png(size: int = 64) -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 120, 120)).save(out, "PNG")
    data = out.getvalue() + b"\0" * max(0, size - len(out.getvalue()))
    return SimpleUploadedFile("photo.png", data, content_type="image/png")


def xlsx(rows: list[list]) -> SimpleUploadedFile:
    from unionsw.core.excel import xlsx_bytes

    return SimpleUploadedFile("scores.xlsx", xlsx_bytes(rows))


def portal_client() -> Client:
    return Client()


def solve_captcha(client: Client) -> str:
    from unionsw.recruitment.portal import CAPTCHA_KEY, captcha_answer

    return captcha_answer(client.session.get(CAPTCHA_KEY)) or ""


def portal_login(client: Client, *, id_number: str, password: str = "Apply2026x"):
    client.get("/portal/login/")
    return client.post("/portal/login/", {"id_number": id_number, "password": password, "captcha": solve_captcha(client)})


def portal_register(client: Client, *, name: str, id_number: str, phone: str = "13900001111", password: str = "Apply2026x"):
    """Register through the form; when it is accepted, log in as the portal then asks (the register
    response is returned either way)."""
    client.get("/portal/register/")
    response = client.post(
        "/portal/register/",
        {
            "name": name,
            "id_number": id_number,
            "phone": phone,
            "password": password,
            "password2": password,
            "captcha": solve_captcha(client),
            "accept_privacy": "on",
        },
    )
    if response.status_code == 302 and response["Location"].endswith("/portal/login/"):
        portal_login(client, id_number=id_number, password=password)
    return response

"""Masking of sensitive personal information in lists and exports (PIPL)."""


def mask_id_number(number: str) -> str:
    """3701**********123X: region prefix and last four stay, the rest is hidden."""
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """138****1234."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]

"""How a view shows a service's ValidationError: on the form's fields, as a flash message, or as a 409 fragment.
One copy for every app (they each had their own)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.html import escape


def attach_to_form(form, exc: ValidationError) -> None:
    """Each message on its field when the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def conflict(exc: ValidationError) -> HttpResponse:
    """A lost race answered as 409 with the service's Chinese message."""
    return HttpResponse(f"<p>{escape(exc.messages[0])}</p>", status=409)

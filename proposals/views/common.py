"""What the work views share: how a service's errors reach the user, the status change.

One way for service errors to reach a form (``add_service_errors``) and one for
a page that redirects (``flash_errors``); the workspace and the secretariat
post status changes through the same ``status_change``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from proposals.demands import services
from proposals.forms import StatusForm


def add_service_errors(form, error: ValidationError, field: str | None = None) -> None:
    """Show a service's ValidationError on the form: by field where the form has it,
    the rest on ``field`` (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        for message in error.messages:
            form.add_error(field, message)


def flash_errors(request, error: ValidationError | forms.Form) -> None:
    """Each message of a refused form or a service's ValidationError, for the next page."""
    if isinstance(error, forms.Form):
        found = [message for errors in error.errors.values() for message in errors]
    else:
        found = error.messages
    for message in found:
        messages.error(request, message)


def status_change(request, demand, *, back: str):
    """Post a status change for ``demand`` and return to the page named ``back``."""
    form = StatusForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(back, pk=demand.pk)
    try:
        change = services.demand_change_status(
            demand=demand,
            to_status=form.cleaned_data["to_status"],
            user=request.user,
            note=form.cleaned_data["note"],
            expected_status=form.cleaned_data["expected_status"],
        )
    except services.TransitionRefused as refusal:
        flash_errors(request, refusal)
    else:
        messages.success(
            request, _("Kravet har nå status «%(s)s».") % {"s": change.get_to_status_display()}
        )
    return redirect(back, pk=demand.pk)

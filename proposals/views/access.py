"""Who may open a view: decorators that ask ``organizations.permissions``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from organizations import permissions


def allowed_if(check: Callable[[object], bool], refusal: str):
    """Logged in (else to the login page) and ``check(user)`` (else 403 with ``refusal``)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


workspace_required = allowed_if(
    permissions.can_use_workspace, _("Arbeidsområdet er for medlemmer av en organisasjon.")
)
picker_required = allowed_if(
    permissions.can_use_picker, _("Søket er for organisasjoner og komitésekretariatet.")
)
secretariat_required = allowed_if(
    permissions.can_work_as_secretariat, _("Denne siden er for komitésekretariatet.")
)


@login_required
def after_login(request):
    """The page after logging in (unless the login asked for another): by role."""
    from django.shortcuts import redirect

    return redirect(permissions.landing_page(request.user))

"""Personal API tokens in the workspace: make one (shown once), see when each was used, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organizations import permissions
from proposals.api import tokens
from proposals.api.models import ApiToken
from proposals.views.access import allowed_if
from proposals.views.common import add_service_errors

token_holder_required = allowed_if(
    permissions.can_hold_api_token,
    gettext_lazy("API-nøkler er for medlemmer av en organisasjon og sekretariatet."),
)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Navn"),
        max_length=100,
        help_text=gettext_lazy("Hva nøkkelen brukes til, f.eks. «Saksbehandlingssystemet»."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Gyldig i dager"),
        min_value=1,
        max_value=tokens.MAX_DAYS,
        initial=tokens.DEFAULT_DAYS,
    )


def _page(request, form, raw=None, status=200):
    return render(
        request,
        "workspace/api_tokens.html",
        {
            "form": form,
            "raw_token": raw,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=status,
    )


@token_holder_required
def token_list(request):
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, raw = tokens.api_token_create(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _page(request, form, status=400)
    # Shown in this answer only: the page is never cached and the secret is never stored.
    response = _page(request, TokenForm(), raw=raw)
    response["Cache-Control"] = "no-store"
    return response


@token_holder_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.api_token_revoke(token=token, user=request.user)
    messages.success(
        request, _("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name}
    )
    return redirect("workspace:api_tokens")

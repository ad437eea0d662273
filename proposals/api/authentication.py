"""``Authorization: Bearer kvt_…``: the token acts as its user, with the user's roles."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from proposals.api import tokens


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _space, raw = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        token = tokens.api_token_for(raw.strip())
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("API-nøkkelen er ukjent, utløpt eller trukket tilbake.")
            )
        tokens.api_token_note_use(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal token made in the workspace (Arbeidsflate → API-nøkler). "
                "It acts with its owner's roles and can be revoked there."
            ),
        }

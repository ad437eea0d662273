from pathlib import Path

from rest_framework.apps import RestFrameworkConfig


class RestFrameworkWithoutCatalogue(RestFrameworkConfig):
    """REST framework, without its own translation catalogue.

    Its Norwegian catalogue would take precedence over Django's for the form
    messages both translate («Feltet er påkrevet.»), changing every form on the
    site. The API's field messages stay in English, as the API is documented;
    the project's own messages come through gettext as everywhere.
    """

    path = str(Path(__file__).resolve().parent)

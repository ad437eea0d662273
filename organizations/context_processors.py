from organizations.permissions import roles_of


def roles(request):
    """Expose the user's roles to templates, e.g. to show the workspace link."""
    return {"roles": roles_of(getattr(request, "user", None))}

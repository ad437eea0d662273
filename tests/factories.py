"""Test data built through the same services the application uses."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from organizations.models import Membership, Organisation
from proposals.demands import services
from proposals.demo import status_path
from proposals.models import BudgetPost, DemandStatus, PolicyDocument


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"Organisasjonen {o.short_name}")
    slug = factory.LazyAttribute(lambda o: o.short_name.lower())
    kind = Organisation.Kind.TRADE_UNION


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDocument
        django_get_or_create = ("identifier",)

    identifier = factory.Sequence(lambda n: f"NOU 2030:{n + 1}")
    slug = factory.LazyAttribute(lambda d: d.identifier.lower().replace(" ", "-").replace(":", "-"))
    title = factory.LazyAttribute(lambda d: f"Utredningen {d.identifier}")
    kind = PolicyDocument.Kind.OFFICIAL_REPORT


class BudgetPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetPost
        django_get_or_create = ("year", "chapter", "post")

    year = 2026
    chapter = 701
    post = 21
    chapter_name = "Digitalisering i helse- og omsorgstjenesten"
    post_name = "Spesielle driftsutgifter"
    amount_nok = 254_978_000


def member(user, organisation, role=Membership.Role.EDITOR):
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def make_demand(
    *,
    organisation,
    document,
    status=DemandStatus.SUBMITTED,
    title="Flere studieplasser",
    text="Organisasjonen ber om flere studieplasser.",
    stance="new_measure",
    chapters=(),
    budget_posts=(),
    hidden=False,
    **extra,
):
    """A demand moved through the real transition table to ``status``."""
    demand = services.demand_create(
        user=None,
        organisation=organisation,
        document=document,
        title=title,
        text=text,
        stance=stance,
        chapters=chapters,
        budget_posts=budget_posts,
        check_permission=False,
        **extra,
    )
    for step in status_path(status) if status != DemandStatus.DRAFT else []:
        services.demand_change_status(
            demand=demand, to_status=step, user=None, note="Merknad.", check_permission=False
        )
    if hidden:
        type(demand).objects.filter(pk=demand.pk).update(hidden_from_public=True)
        demand.hidden_from_public = True
    return demand


def pdf_bytes(lines: list[str]) -> bytes:
    """A real PDF with these lines of text (fpdf2's core font covers æøå)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())

"""Atom feeds (Django's syndication framework) of what the public may see change."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from organizations.models import Organisation
from proposals.alerts.selectors import public_events
from proposals.models import BudgetPost, Chapter, Demand, DemandStatus, PolicyDocument
from proposals.portal import selectors as portal
from proposals.portal.filters import budget_post_q, chapter_subtree_q


class EventFeed(Feed):
    feed_type = Atom1Feed

    def items(self, obj):
        return public_events(demands=self.scope(obj))

    def scope(self, obj):
        raise NotImplementedError

    def item_title(self, change):
        if change.to_status == DemandStatus.SUBMITTED and change.from_status in ("", "draft"):
            return _("Nytt krav fra %(org)s: %(title)s") % {
                "org": change.demand.organisation.short_name,
                "title": change.demand.title,
            }
        return _("%(title)s: %(status)s") % {
            "title": change.demand.title,
            "status": change.get_to_status_display(),
        }

    def item_description(self, change):
        return change.note or change.get_to_status_display()

    def item_link(self, change):
        return change.demand.get_absolute_url()

    def item_guid(self, change):
        return f"tag:kravsporing,2026:status-change/{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.changed_at

    def item_updateddate(self, change):
        return change.changed_at

    def item_author_name(self, change):
        return change.demand.organisation.name


class ChapterFeed(EventFeed):
    def get_object(self, request, slug, number):
        return get_object_or_404(
            Chapter.objects.select_related("document"), document__slug=slug, number=number
        )

    def title(self, chapter):
        return _("Krav på %(chapter)s") % {"chapter": chapter.label}

    def link(self, chapter):
        return chapter.get_absolute_url()

    def scope(self, chapter):
        return chapter_subtree_q(chapter)


class DocumentFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(PolicyDocument, slug=slug)

    def title(self, document):
        return _("Krav til %(document)s") % {"document": document.identifier}

    def link(self, document):
        return document.get_absolute_url()

    def scope(self, document):
        return Q(document=document)


class OrganisationFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organisation, slug=slug)

    def title(self, organisation):
        return _("Krav fra %(name)s") % {"name": organisation.name}

    def link(self, organisation):
        return organisation.get_absolute_url()

    def scope(self, organisation):
        return Q(organisation=organisation)


class BudgetPostFeed(EventFeed):
    def get_object(self, request, year, chapter, post):
        return get_object_or_404(BudgetPost, year=year, chapter=chapter, post=post)

    def title(self, post):
        return _("Krav på %(post)s") % {"post": str(post)}

    def link(self, post):
        return post.get_absolute_url()

    def scope(self, post):
        return budget_post_q(post)


class DemandFeed(EventFeed):
    def get_object(self, request, pk):
        try:
            return portal.demand_detail(pk=pk, user=AnonymousUser())
        except Demand.DoesNotExist:
            raise Http404 from None

    def title(self, demand):
        return _("Kravet «%(title)s»") % {"title": demand.title}

    def link(self, demand):
        return demand.get_absolute_url()

    def scope(self, demand):
        return Q(pk=demand.pk)


class SearchFeed(EventFeed):
    """The demands ``/demands/`` finds for the same query parameters."""

    def get_object(self, request):
        return request.GET

    def title(self, params):
        return _("Krav i søket")

    def link(self, params):
        query = params.urlencode()
        return reverse("portal:demand_list") + (f"?{query}" if query else "")

    def scope(self, params):
        return portal.demand_search(user=AnonymousUser(), params=params).queryset

"""Reads of posts and contracts. Every function starts from the scope filter."""

from __future__ import annotations

from django.db.models import QuerySet

from unionsw.core.scope import scoped, visible_orgs

from .models import Contract, Dispute, Movement, Post, PostHolding, ServiceProvider, Tender


def post_list_visible_to(user) -> QuerySet[Post]:
    return scoped(Post.objects.all(), user, org_field="unit")


def post_search(user, *, org_id=None, kind_id=None, vacant: str = "", q: str = "") -> QuerySet[Post]:
    qs = post_list_visible_to(user).select_related("unit", "kind", "holder").filter(is_active=True)
    if org_id:
        org = visible_orgs(user).filter(pk=org_id).first()
        qs = qs.filter(unit__path__startswith=org.path) if org else qs.none()
    if kind_id:
        qs = qs.filter(kind_id=kind_id)
    if vacant == "1":
        qs = qs.filter(holder__isnull=True)
    elif vacant == "0":
        qs = qs.filter(holder__isnull=False)
    if q:
        qs = qs.filter(holder__name__contains=q.strip())
    return qs


def holding_list_visible_to(user) -> QuerySet[PostHolding]:
    return scoped(PostHolding.objects.all(), user, org_field="post__unit")


def contract_list_visible_to(user) -> QuerySet[Contract]:
    return scoped(Contract.objects.all(), user, org_field="worker__org", self_field="worker__user")


def contract_search(user, *, org_id=None, status: str = "", kind: str = "", q: str = "") -> QuerySet[Contract]:
    qs = contract_list_visible_to(user).select_related("worker", "worker__org", "provider")
    if org_id:
        org = visible_orgs(user).filter(pk=org_id).first()
        qs = qs.filter(worker__org__path__startswith=org.path) if org else qs.none()
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(worker__name__contains=q.strip())
    return qs


def dispute_list_visible_to(user) -> QuerySet[Dispute]:
    return scoped(Dispute.objects.all(), user, org_field="contract__worker__org")


def movement_list_visible_to(user) -> QuerySet[Movement]:
    return scoped(Movement.objects.all(), user, org_field="worker__org", self_field="worker__user")


def provider_list_visible_to(user) -> QuerySet[ServiceProvider]:
    return scoped(ServiceProvider.objects.all(), user, org_field="org")


def tender_list_visible_to(user) -> QuerySet[Tender]:
    return scoped(Tender.objects.all(), user, org_field="org")

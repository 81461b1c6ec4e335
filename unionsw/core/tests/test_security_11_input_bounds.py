"""Issue 11 (should fix): long free text, markup in names and unknown API fields are refused with a
Chinese message and change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _resolve(doc, schema, local=None):
    """Follow a $ref into the document's components, or into the body schema's own $defs."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = (local or {}).get(name) or doc["components"]["schemas"][name]
    return schema


def test_every_request_body_of_the_api_refuses_unknown_fields(client):
    doc = client.get("/api/v1/openapi.json").json()
    lax = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            content = (op.get("requestBody") or {}).get("content", {}).get("application/json")
            if not content:
                continue
            local = content["schema"].get("$defs")
            schema = _resolve(doc, content["schema"], local)
            if schema.get("type") == "array":
                schema = _resolve(doc, schema["items"], local)
            if schema.get("type") == "object" and "properties" in schema and schema.get("additionalProperties") is not False:
                lax.append(f"{method.upper()} {path}")
    assert not lax, f"request bodies that accept unknown fields (base them on core.request_body.Strict): {lax}"


def test_an_unknown_field_in_an_employment_call_is_a_400_naming_it(world, client):
    from unionsw.accounts.api import issue_token
    from unionsw.employment.models import Post, PostKind

    post = Post.objects.create(unit=world.street_a, kind=PostKind.objects.first())
    response = client.post(
        f"/api/v1/employment/posts/{post.pk}/fill",
        {"worker": world.worker_a.pk, "holder_overrride": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue_token(world.county_a_admin)}",
    )
    assert response.status_code == 400, response.content
    assert "不允许的字段" in response.content.decode()
    post.refresh_from_db()
    assert post.holder_id is None


def test_text_over_its_limit_is_a_field_error_on_every_backend(world):
    from unionsw.core.text_limits import check_text_lengths, text_max_chars
    from unionsw.orgs.models import Org

    org = Org.objects.get(pk=world.street_a.pk)
    org.name = "街" * 201
    with pytest.raises(ValidationError) as caught:
        org.save()
    assert "不能超过" in str(caught.value) and "name" in caught.value.message_dict
    org.refresh_from_db()
    assert org.name == "解放路街道工会"
    from unionsw.assessment.models import Admonition

    check_text_lengths(Admonition(content="谈" * text_max_chars()))  # at the limit: fine


def test_an_admonition_of_100000_characters_is_refused_on_the_page(world, login):
    from unionsw.assessment.models import Admonition, Result

    result = Result.objects.create(worker=world.worker_a, year=2025, grade="FAIL")
    page = login(world.county_a_admin).post(
        reverse("assessment:admonition", args=[result.pk]),
        {"talked_on": "2026-01-10", "talker": "副主席", "content": "谈" * 100_000},
    )
    assert page.status_code in (200, 400)
    assert "不能超过" in page.content.decode()
    assert not Admonition.objects.exists()


def test_a_post_kind_named_with_markup_is_refused(world):
    from unionsw.employment.models import PostKind
    from unionsw.employment.services import post_kind_create

    before = PostKind.objects.count()
    with pytest.raises(ValidationError, match="标记符号"):
        post_kind_create(by=world.province_admin, name="<b>组建指导岗</b>")
    assert PostKind.objects.count() == before
    assert post_kind_create(by=world.province_admin, name="心理疏导岗（试点）").name == "心理疏导岗（试点）"

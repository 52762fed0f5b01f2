"""Resource-set bindings: a binding is keyed by its role and holds members (user or group URLs). Okta lists both
inside a body object (`roles`, `members`) with a `_links.next`, not as bare arrays."""

from __future__ import annotations

from typing import Any

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

BINDINGS = "/api/v1/iam/resource-sets/{rs}/bindings"


@handles("createResourceSetBinding")
def create_binding(ctx: Context) -> Reply:
    body = generic.body_object(ctx)
    role = body.get("role")
    if not isinstance(role, str) or not role:
        raise invalid("role: is required")
    resource_set = _resource_set(ctx)
    path = f"{_bindings(ctx)}/{role}"
    stamp = ids.now()
    doc = ctx.tx.get(ctx.org, path) or {"id": role, "created": stamp}
    doc["lastUpdated"] = stamp
    ctx.tx.put(ctx.org, path, doc)
    _add_members(ctx, path, body.get("members") or [])
    return Reply(ctx.op.success, _edit_response(ctx, resource_set))


@handles("listBindings")
def list_bindings(ctx: Context) -> Reply:
    resource_set = _resource_set(ctx)
    roles = [{"id": doc["id"], "_links": {"self": {"href": ctx.url(path)},
                                          "members": {"href": ctx.url(path + "/members")}}}
             for _, path, doc in ctx.tx.list(ctx.org, _bindings(ctx))]
    return Reply(200, {"roles": roles, "_links": {"self": {"href": ctx.url(_bindings(ctx))},
                                                  "resource-set": {"href": ctx.url(resource_set)}}})


@handles("addMembersToBinding")
def add_members(ctx: Context) -> Reply:
    resource_set = _resource_set(ctx)
    binding = _binding(ctx)
    _add_members(ctx, binding, generic.body_object(ctx).get("additions") or [])
    return Reply(ctx.op.success, _edit_response(ctx, resource_set))


@handles("listMembersOfBinding")
def list_members(ctx: Context) -> Reply:
    binding = _binding(ctx)
    members = [generic.output(ctx, path, doc) for _, path, doc in ctx.tx.list(ctx.org, binding + "/members")]
    return Reply(200, {"members": members, "_links": {"self": {"href": ctx.url(binding + "/members")},
                                                      "binding": {"href": ctx.url(binding)}}})


def _resource_set(ctx: Context) -> str:
    path = f"/api/v1/iam/resource-sets/{ctx.path_params['resourceSetIdOrLabel']}"
    generic.load(ctx, path, "ResourceSet")
    return path


def _bindings(ctx: Context) -> str:
    return BINDINGS.format(rs=ctx.path_params["resourceSetIdOrLabel"])


def _binding(ctx: Context) -> str:
    path = f"{_bindings(ctx)}/{ctx.path_params['roleIdOrLabel']}"
    generic.load(ctx, path, "Binding")
    return path


def _add_members(ctx: Context, binding: str, urls: list[Any]) -> None:
    existing = {doc.get("href") for _, _, doc in ctx.tx.list(ctx.org, binding + "/members")}
    for url in urls:
        if not isinstance(url, str) or not url:
            raise invalid("members: each member must be a user or group URL")
        if url in existing:
            continue
        member_id = ids.new_id("irb")
        stamp = ids.now()
        member: Document = {"id": member_id, "href": url, "created": stamp, "lastUpdated": stamp}
        ctx.tx.put(ctx.org, f"{binding}/members/{member_id}", member)
        existing.add(url)


def _edit_response(ctx: Context, resource_set: str) -> Document:
    return {"_links": {"self": {"href": ctx.url(resource_set)}, "bindings": {"href": ctx.url(_bindings(ctx))},
                       "resource-set": {"href": ctx.url(resource_set)}}}

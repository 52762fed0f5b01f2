"""Searches narrowed through the attribute index answer exactly what a full scan would, on both stores."""

from __future__ import annotations

import itertools

import httpx

_n = itertools.count(1)


def _ids(resp: httpx.Response) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {g["id"] for g in resp.json()}


def test_indexed_search_matches_scan(api: httpx.Client) -> None:
    tag = f"idx{next(_n)}x"
    made = {}
    for name, desc in (("Alpha", "red"), ("alphabet", "blue"), ("Beta", "red"), ("gamma", "green")):
        made[name] = api.post("/api/v1/groups", json={"profile": {"name": f"{tag}-{name}",
                                                                  "description": desc}}).json()["id"]
    search = lambda expr: _ids(api.get("/api/v1/groups", params={"search": expr, "limit": 200}))  # noqa: E731
    assert search(f'profile.name sw "{tag}-alpha"') == {made["Alpha"], made["alphabet"]}
    assert search(f'profile.name eq "{tag}-Alpha"') == {made["Alpha"]}
    assert search(f'profile.name sw "{tag}" and profile.description eq "red"') == {made["Alpha"], made["Beta"]}
    assert search(f'profile.name eq "{tag}-Beta" or profile.name eq "{tag}-gamma"') == {made["Beta"], made["gamma"]}
    scanned = search(f'profile.name co "{tag}-a" or profile.description eq "green"')  # `co` can't narrow: a scan
    assert scanned == {made["Alpha"], made["alphabet"], made["gamma"]}
    first = api.get(f"/api/v1/groups/{made['Alpha']}").json()
    later = search(f'profile.name sw "{tag}" and lastUpdated gt "{first["lastUpdated"]}"')
    assert made["Alpha"] not in later and later <= set(made.values())


def test_indexed_search_pages_with_after(api: httpx.Client) -> None:
    tag = f"page{next(_n)}x"
    made = [api.post("/api/v1/groups", json={"profile": {"name": f"{tag}-{i}"}}).json()["id"] for i in range(5)]
    seen: list[str] = []
    url: str | None = "/api/v1/groups"
    params: dict | None = {"search": f'profile.name sw "{tag}"', "limit": 2}
    while url:
        resp = api.get(url, params=params)
        seen += [g["id"] for g in resp.json()]
        nxt = [link for link in resp.headers.get_list("link") if 'rel="next"' in link]
        url, params = (nxt[0].split(">")[0].lstrip("<"), None) if nxt else (None, None)
    assert seen == made

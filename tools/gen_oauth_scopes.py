"""Reference spec -> src/mokta/oauth/scopes.json: the `okta.*` OAuth scopes each management operation accepts.

Usage: python tools/gen_oauth_scopes.py ../shared/reference/okta-management-5.1.0.yaml -o src/mokta/oauth/scopes.json
"""

from __future__ import annotations

import argparse
import json

import yaml

METHODS = ("get", "put", "post", "delete", "patch")


def scopes(spec: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in spec.get("paths", {}).values():
        for method in METHODS:
            op = item.get(method)
            if not op or "operationId" not in op:
                continue
            found: list[str] = []
            for requirement in op.get("security", spec.get("security", [])):
                found += [s for s in requirement.get("oauth2", []) if s not in found]
            out[op["operationId"]] = sorted(found)
    return dict(sorted(out.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(scopes(spec), f, indent=0, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()

"""The OAuth 2.0 / OpenID Connect runtime: the org authorization server (`/oauth2/v1`) and every custom one
(`/oauth2/{authorizationServerId}/v1`) mint, publish, introspect and revoke real RS256 tokens from the store."""

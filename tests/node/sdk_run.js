// Drives the official Okta Node.js SDK against a running mokta and prints what it saw as one JSON object;
// tests/sdk/test_node_sdk.py starts the server, runs this and checks every field.
'use strict';
const crypto = require('crypto');
const okta = require('@okta/okta-sdk-nodejs');

const orgUrl = process.env.MOKTA_URL;
const token = process.env.MOKTA_TOKEN;
const stamp = `${Date.now()}-${process.pid}`;

async function collect(collection) {
  const items = [];
  await collection.each((item) => { items.push(item); });
  return items;
}

async function main() {
  const out = {};
  const client = new okta.Client({ orgUrl, token, cacheMiddleware: null });
  const logins = [];
  for (let i = 0; i < 3; i++) {
    const login = `node-${i}-${stamp}@example.com`;
    logins.push(login);
    await client.userApi.createUser({
      body: { profile: { firstName: 'Node', lastName: `Sdk${i}`, email: login, login } }, activate: false });
  }
  const paged = await collect(await client.userApi.listUsers({ limit: 2, search: `profile.lastName sw "Sdk"` }));
  out.pagedLogins = paged.map((u) => u.profile.login).filter((l) => l.endsWith(`${stamp}@example.com`)).sort();
  out.createdLogins = logins.sort();
  const one = await client.userApi.getUser({ userId: logins[0] });
  out.userStatus = one.status;
  out.userClass = one.constructor.name;

  const group = await client.groupApi.createGroup({ group: { profile: { name: `node-${stamp}` } } });
  out.groupType = group.type;
  await client.groupApi.assignUserToGroup({ groupId: group.id, userId: one.id });
  out.members = (await collect(await client.groupApi.listGroupUsers({ groupId: group.id }))).map((u) => u.id);
  out.userId = one.id;

  const bookmark = await client.applicationApi.createApplication({ application: {
    name: 'bookmark', label: `node bookmark ${stamp}`, signOnMode: 'BOOKMARK',
    settings: { app: { requestIntegration: false, url: 'https://example.com/node' } } } });
  out.bookmarkClass = bookmark.constructor.name;
  out.bookmarkStatus = bookmark.status;

  try {
    await client.groupApi.getGroup({ groupId: '00gnosuchgroup000000' });
    out.missing = 'found';
  } catch (e) {
    out.missing = { status: e.status, errorCode: e.errorCode, name: e.constructor.name };
  }

  // PrivateKey mode: a service app with our public key and consent to okta.users.read only
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: `node-${stamp}`, use: 'sig', alg: 'RS256' };
  const service = await client.applicationApi.createApplication({ application: {
    name: 'oidc_client', label: `node service ${stamp}`, signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
    settings: { oauthClient: { grant_types: ['client_credentials'], application_type: 'service',
      response_types: ['token'], jwks: { keys: [jwk] } } } } });
  await client.applicationApi.grantConsentToScope({ appId: service.id,
    oAuth2ScopeConsentGrant: { issuer: orgUrl, scopeId: 'okta.users.read' } });
  const keyed = new okta.Client({ orgUrl, authorizationMode: 'PrivateKey', cacheMiddleware: null,
    clientId: service.credentials.oauthClient.client_id, scopes: 'okta.users.read', keyId: jwk.kid,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }) });
  const seen = await collect(await keyed.userApi.listUsers({ search: `profile.lastName sw "Sdk"` }));
  out.privateKeyLogins = seen.map((u) => u.profile.login).filter((l) => l.endsWith(`${stamp}@example.com`)).sort();
  try {
    await keyed.groupApi.createGroup({ group: { profile: { name: `denied-${stamp}` } } });
    out.ungranted = 'created';
  } catch (e) {
    out.ungranted = { status: e.status, errorCode: e.errorCode };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});

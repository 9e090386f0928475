// A real OpenID provider (the `oidc-provider` package) for Contour's single sign-on tests. It
// listens on a free loopback port and prints `listening <issuer>`; it exits when its standard
// input closes, i.e. when the test process that started it ends.
//
// Test clients register themselves (dynamic registration) with the redirect URI of the clinic
// under test. Two registration names make the provider misbehave on purpose, so the relying
// party's checks can be tested against real signed tokens:
//   - `short-lived`: ID tokens expire after 60 seconds (the tests move Contour's clock on);
//   - `wrong-audience`: ID tokens are addressed to another application.
//
// There is no user database. The name typed at the provider's login form describes the account:
// `subject/email`, with a `!` before the email when the provider has not verified it. The
// provider's own pages render the forms; the submissions are handled here, with the provider's
// interaction API, so that the subject and the email can differ and change independently.

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const accounts = new Map();

function remember(login) {
  const [sub, rawEmail = ''] = login.split('/');
  const email = rawEmail.replace(/^!/, '');
  accounts.set(sub, { sub, email, email_verified: !rawEmail.startsWith('!'), name: `Test ${sub}` });
  return sub;
}

const provider = new Provider(issuer, {
  clients: [],
  cookies: { keys: ['contour-test-provider-only'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    registration: {
      enabled: true,
      idFactory: (ctx) => `${ctx.oidc.body.client_name ?? 'client'}-${randomUUID()}`,
    },
  },
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => accounts.get(id) ?? { sub: id } }),
  pkce: { required: () => true },
  ttl: {
    IdToken: (ctx, token, client) => (client.clientId.startsWith('short-lived') ? 60 : 3600),
  },
});

const { issue } = provider.IdToken.prototype;
provider.IdToken.prototype.issue = async function issueTo(...args) {
  const { client } = this;
  if (!client.clientId.startsWith('wrong-audience')) {
    return issue.apply(this, args);
  }
  const real = client.clientId;
  client.clientId = 'another-application';
  try {
    return await issue.apply(this, args);
  } finally {
    client.clientId = real;
  }
};

async function submitted(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    const accountId = remember(form.get('login') ?? '');
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

const handle = provider.callback();
server.on('request', (req, res) => {
  if (req.method === 'POST' && /^\/interaction\/[^/?]+$/.test(req.url)) {
    submitted(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
    return;
  }
  handle(req, res);
});
console.log(`listening ${issuer}`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

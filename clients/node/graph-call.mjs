// Calls Microsoft Graph through GraphLens the way a Node app would, and prints what the SDK saw.
// usage: node graph-call.mjs PROXY_URL CA_FILE TOKEN PATH
import { readFileSync } from 'node:fs';
import { Client } from '@microsoft/microsoft-graph-client';
import { ProxyAgent, fetch } from 'undici';

const [proxyUrl, caFile, token, path] = process.argv.slice(2);
// Node's fetch ignores HTTPS_PROXY: an undici ProxyAgent carries the proxy and the GraphLens CA.
globalThis.fetch = fetch;
const dispatcher = new ProxyAgent({ uri: proxyUrl, requestTls: { ca: readFileSync(caFile) } });
const client = Client.init({ authProvider: (done) => done(null, token), fetchOptions: { dispatcher } });

try {
  const body = await client.api(path).get();
  console.log(JSON.stringify({ ok: true, body }));
} catch (e) {
  console.log(JSON.stringify({
    ok: false,
    statusCode: e.statusCode,
    code: e.code,
    diagnosis: e.headers && typeof e.headers.get === 'function' ? e.headers.get('x-graph-diagnosis') : null,
  }));
}

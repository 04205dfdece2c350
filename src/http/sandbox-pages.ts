// Sandbox mode on the service's own port: the Feishu sandbox page (the emulated group chat) at
// /sandbox, its two calls forwarded to the emulator, which keeps its own port behind them; and
// GET / as a small index of what there is to look at. Registered only when the bot runs against
// its emulator, so a production process serves neither.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const SayBody = z.strictObject({
  chatId: z.string().min(1).max(100),
  text: z.string().min(1).max(2000),
  chatType: z.enum(['group', 'p2p']).optional(),
  openId: z.string().max(100).optional(),
});

const INDEX = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tongbu (sandbox)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px;color:#1f2329}a{color:#3370ff}</style></head><body>
<h1>Tongbu · sandbox mode</h1>
<p>No credentials are configured, so every platform and Feishu run against the built-in emulators.</p>
<ul>
<li><a href="/sandbox">The sandbox chat</a>: the emulated group; type <code>/help</code>, <code>/status</code>, <code>/sync &lt;connector&gt;</code>, <code>/overview</code>.</li>
<li>The emulated Bitable tables: mirrored rows show in the chat's <code>/dedup check &lt;table&gt; &lt;date&gt;</code> and in PostgreSQL (<code>bitable_records</code>).</li>
<li><a href="/metrics">/metrics</a> (Prometheus) · <a href="/readyz">/readyz</a> · <a href="/healthz">/healthz</a></li>
<li>Docs in the checkout: README.md, docs/operations.md, docs/adding-a-connector.md, docs/glossary.md.</li>
</ul></body></html>`;

export const sandboxPages: FastifyPluginAsyncZod<{ emulatorUrl: string }> = async (app, { emulatorUrl }) => {
  const forward = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${emulatorUrl}${path}`, init);
    return { status: res.status, type: res.headers.get('content-type') ?? 'application/json', body: await res.text() };
  };
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(INDEX));
  app.get('/sandbox', async (_req, reply) => {
    const r = await forward('/sandbox');
    return reply.code(r.status).type(r.type).send(r.body);
  });
  app.get('/sandbox/messages', async (_req, reply) => {
    const r = await forward('/sandbox/messages');
    return reply.code(r.status).type(r.type).send(r.body);
  });
  app.post('/sandbox/say', { schema: { body: SayBody } }, async (req, reply) => {
    const r = await forward('/sandbox/say', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body) });
    return reply.code(r.status).type(r.type).send(r.body);
  });
};

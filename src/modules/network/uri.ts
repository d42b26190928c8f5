// uri: an HTTP request from the host, as Ansible's uri module. GET, HEAD and OPTIONS only read: they are
// made while planning (in check mode too), never report a change, and the task gets status, headers and
// content. Other methods change something on the server: runbook plans them as a change (check mode says it
// would send them; `creates`/`removes` make them converge), where Ansible reports changed: false — add
// `changed_when: false` to a ported task that relies on that. With `dest` the response is downloaded to a
// file exactly as get_url with force does (replaced only when it differs).

import { randomBytes } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { defineModule, type Fact, type ModuleContext, type ResultData } from '../../engine/module-api/module.js';
import { attrSchema } from '../files/attrs.js';
import { getUrl } from './get-url.js';
import { checkRequest, HTTP_SCHEMA } from './http-host.js';
import { encodeBody, parseUriAnswer, uriCommand, type UriAnswer, type UriRequest } from './uri-request.js';

const SAFE = ['GET', 'HEAD', 'OPTIONS'];

export const uri = defineModule({
  name: 'uri',
  summary: 'Make an HTTP request from the host (curl) and return status, headers and content; other methods than GET/HEAD are changes.',
  prefetch: false,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      ...HTTP_SCHEMA,
      timeout: { type: 'integer', minimum: 1, default: 30, description: 'Seconds the request may take.' },
      method: { type: 'string', default: 'GET', description: 'HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS…).' },
      body: { description: 'Request body: a string, or a mapping/list with body_format json or form-urlencoded.' },
      body_format: { enum: ['raw', 'json', 'form-urlencoded'], default: 'raw', description: 'How body is encoded; json and form-urlencoded also set Content-Type unless headers do.' },
      status_code: { type: ['array', 'integer', 'string'], items: { type: ['integer', 'string'] }, default: [200], description: 'The status code(s) that mean success; any other fails the task.' },
      return_content: { type: 'boolean', default: false, description: 'Return the body as `content` (and a JSON body parsed as `json`).' },
      follow_redirects: { enum: ['all', 'safe', 'none', 'urllib2', 'yes', 'no'], default: 'safe', description: 'Follow redirects (none/no: do not).' },
      creates: { type: 'string', description: 'A path on the host: when it exists, the request is not made.' },
      removes: { type: 'string', description: 'A path on the host: when it does not exist, the request is not made.' },
      dest: { type: 'string', description: 'Save the response body to this path on the host (GET only; replaced only when it differs, as get_url with force).' },
      ...attrSchema,
    },
  },
  async plan(ctx, p) {
    const method = p.method.toUpperCase();
    if (!/^[A-Z]+$/.test(method)) throw new ModuleFailure(`invalid method: ${p.method}`);
    const encoded = encodeBody(p.body, p.body_format, stringHeaders(p.headers));
    const req: UriRequest = {
      url: p.url,
      method,
      headers: encoded.headers,
      body: encoded.body,
      timeout: p.timeout,
      validateCerts: p.validate_certs,
      followRedirects: !['none', 'no'].includes(p.follow_redirects),
      wantBody: p.return_content,
      creates: p.creates,
      removes: p.removes,
    };
    checkRequest(req, ['http', 'https']);
    const codes = statusCodes(p.status_code);
    if (p.dest !== undefined) {
      if (method !== 'GET') throw new ModuleFailure('dest is only supported with method GET', {}, { hint: 'download with GET, or drop dest' });
      return getUrl.plan(ctx, { url: p.url, dest: p.dest, headers: encoded.headers, timeout: p.timeout, validate_certs: p.validate_certs, force: true, mode: p.mode, owner: p.owner, group: p.group });
    }
    if (SAFE.includes(method)) {
      const [answer] = await ctx.facts(requestFact(req));
      if (answer.skipped) return { changes: [], reason: `skipped, since ${answer.skipped}`, data: { msg: `skipped, since ${answer.skipped}` } };
      return { changes: [], reason: `${method} ${p.url}: ${answer.status}`, data: result(answer, codes, p.return_content) };
    }
    const guard = await guardFacts(ctx, p.creates, p.removes);
    if (guard) return { changes: [], reason: `skipped, since ${guard}`, data: { msg: `skipped, since ${guard}` } };
    return {
      changes: [
        {
          summary: `${method} ${p.url}`,
          apply: async () => {
            const r = await ctx.conn.exec(uriCommand(req), { signal: ctx.signal });
            if (r.code !== 0) throw new ModuleFailure(`Request failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
            return result(parseUriAnswer(r.stdout), codes, p.return_content);
          },
        },
      ],
    };
  },
});

function stringHeaders(h: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k, String(v)]));
}

function statusCodes(v: unknown): number[] {
  const list = Array.isArray(v) ? v : String(v).split(',');
  const codes = list.map((c) => Number(String(c).trim()));
  if (codes.some((c) => !Number.isInteger(c))) throw new ModuleFailure(`invalid status_code: ${JSON.stringify(v)}`, {}, { hint: 'a status code or a list of them: [200, 201]' });
  return codes;
}

/** A request's answer is a read made now: never cached, never taken from an earlier task. */
function requestFact(req: UriRequest): Fact<UriAnswer> {
  return {
    key: `uri:${randomBytes(8).toString('hex')}`,
    command: uriCommand(req),
    parse(stdout, code, stderr) {
      if (code !== 0) throw new ModuleFailure(`Request failed: ${stderr.trim() || `exit code ${code}`}`);
      return parseUriAnswer(stdout);
    },
  };
}

async function guardFacts(ctx: ModuleContext, creates: string | undefined, removes: string | undefined): Promise<string | undefined> {
  if (!creates && !removes) return undefined;
  const [why] = await ctx.facts({
    key: `uri-guard:${JSON.stringify([creates, removes])}`,
    command: [creates ? cmd`[ -e ${creates} ] && { printf '%s exists' ${creates}; exit 0; }` : '', removes ? cmd`[ -e ${removes} ] || printf '%s does not exist' ${removes}` : '', 'true'].filter(Boolean).join('\n'),
    parse: (stdout: string) => stdout,
  });
  return why || undefined;
}

/** Ansible's uri result; a status not in status_code fails the task with it. */
function result(a: UriAnswer, codes: number[], returnContent: boolean): ResultData {
  if (a.curlError) throw new ModuleFailure(`Status code was -1 and not [${codes.join(', ')}]: Request failed: ${a.curlError}`, { status: -1, url: a.url });
  const data: ResultData = { ...a.headers, status: a.status, url: a.url, redirected: false, msg: `OK (${a.size} bytes)`, content_length: a.headers.content_length ?? String(a.size) };
  if (returnContent) {
    data.content = a.body;
    if (/json/.test(a.headers.content_type ?? '')) {
      try {
        data.json = JSON.parse(a.body);
      } catch {
        // Not JSON after all: Ansible leaves json out too.
      }
    }
  }
  if (!codes.includes(a.status)) throw new ModuleFailure(`Status code was ${a.status} and not [${codes.join(', ')}]: HTTP Error ${a.status}`, data);
  return data;
}

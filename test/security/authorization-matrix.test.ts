import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROLES,
  type Role,
  SENSITIVITY_LEVELS,
  type Sensitivity,
} from '../../src/modules/auth/policy.js';
import type { RecordService } from '../../src/modules/records/service.js';
import type { RouteEntry } from '../../src/server/app.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createSampleRefs, type SampleRefs, sampleBody } from '../helpers/samples.js';

/**
 * Every route the server answers × every role × two clearances × every sensitivity, against an
 * oracle written here from the policy's rules (not from its code). The route table comes from
 * the server itself: a new record type is covered automatically, and any other new endpoint
 * fails this suite until it is given a rule below.
 */

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;
interface Caller {
  name: string;
  role: Role;
  clearance: Sensitivity;
  inject: Inject;
}

const rank = (s: Sensitivity) => SENSITIVITY_LEVELS.indexOf(s);
const sees = (caller: Caller, s: Sensitivity) => rank(s) <= rank(caller.clearance);
const WRITERS: Record<string, Role[]> = {
  create: ['admin', 'editor', 'contributor'],
  update: ['admin', 'editor', 'contributor'],
  delete: ['admin', 'editor'],
  restore: ['admin', 'editor'],
};
const may = (caller: Caller, action: string) => WRITERS[action]!.includes(caller.role);

/** An exact status, or `ok` for any success or redirect (pages whose exact answer may vary). */
type Expected = number | 'ok';
interface Cell {
  route: string;
  caller: string;
  expected: Expected;
  actual: number;
}
const matches = (expected: Expected, actual: number) =>
  expected === 'ok' ? actual >= 200 && actual < 400 : expected === actual;

describe('authorization matrix', () => {
  let t: TestApp;
  let refs: SampleRefs;
  let callers: Caller[];
  const cells: Cell[] = [];

  beforeAll(async () => {
    t = await createTestApp({ publicMode: true });
    refs = await createSampleRefs(t);
    callers = [];
    for (const role of ROLES) {
      for (const clearance of ['internal', 'secret'] as const) {
        const inject = (await t.as(role, clearance)) as Inject;
        callers.push({ name: `${role}/${clearance}`, role, clearance, inject });
      }
    }
  }, 120_000);
  afterAll(() => t.close());

  async function check(
    route: string,
    caller: string,
    expected: Expected,
    response: Promise<LightMyRequestResponse>,
  ) {
    const actual = (await response).statusCode;
    cells.push({ route, caller, expected, actual });
  }

  const asAdmin = (options: InjectOptions) => t.inject(options);

  async function makeRecord(service: RecordService, sensitivity: Sensitivity, deleted = false) {
    const response = await asAdmin({
      method: 'POST',
      url: `/api/v1/${service.def.path}`,
      payload: { ...sampleBody(service.def.type, refs), sensitivity },
    });
    if (response.statusCode !== 201)
      throw new Error(`sample ${service.def.type}: ${response.body}`);
    const id = response.json().id as string;
    if (deleted) await asAdmin({ method: 'DELETE', url: `/api/v1/${service.def.path}/${id}` });
    return id;
  }

  async function recordRoute(service: RecordService, route: RouteEntry): Promise<boolean> {
    const base = `/api/v1/${service.def.path}`;
    const publicBase = `/api/v1/public/${service.def.path}`;
    const key = `${route.method} ${route.url}`;
    const anonymous = (url: string, method = route.method) =>
      check(key, 'anonymous', 401, t.app.inject({ method: method as never, url }));

    if (route.url === publicBase || route.url === `${publicBase}/:id`) {
      for (const sensitivity of SENSITIVITY_LEVELS) {
        const id = await makeRecord(service, sensitivity);
        const url = route.url === publicBase ? publicBase : `${publicBase}/${id}`;
        const expected = route.url === publicBase || sensitivity === 'public' ? 200 : 404;
        await check(key, `anonymous (${sensitivity})`, expected, t.app.inject({ url }));
      }
      return true;
    }
    if (
      !route.url.startsWith(base) ||
      !/^(\/:id(\/history|\/restore)?)?$/.test(route.url.slice(base.length))
    ) {
      return false;
    }
    const suffix = route.url.slice(base.length);

    if (suffix === '' && route.method === 'GET') {
      await anonymous(base);
      for (const c of callers) await check(key, c.name, 200, c.inject({ url: base }));
      return true;
    }
    if (suffix === '' && route.method === 'POST') {
      await anonymous(base);
      for (const c of callers) {
        for (const sensitivity of SENSITIVITY_LEVELS) {
          const payload = { ...sampleBody(service.def.type, refs), sensitivity };
          const expected = may(c, 'create') && sees(c, sensitivity) ? 201 : 403;
          await check(
            key,
            `${c.name} (${sensitivity})`,
            expected,
            c.inject({ method: 'POST', url: base, payload }),
          );
        }
      }
      return true;
    }
    const action =
      suffix === '/:id/history'
        ? 'history'
        : suffix === '/:id/restore'
          ? 'restore'
          : ({ GET: 'read', PATCH: 'update', DELETE: 'delete' } as Record<string, string>)[
              route.method
            ];
    if (!action) return false;
    const success = { read: 200, history: 200, update: 200, delete: 204, restore: 200 }[action]!;
    for (const sensitivity of SENSITIVITY_LEVELS) {
      const shared = await makeRecord(service, sensitivity, action === 'restore');
      await anonymous(route.url.replace(':id', shared));
      for (const c of callers) {
        const writes = action === 'update' || action === 'delete' || action === 'restore';
        const id = writes ? await makeRecord(service, sensitivity, action === 'restore') : shared;
        const url = route.url.replace(':id', id);
        const expected = !sees(c, sensitivity) ? 404 : writes && !may(c, action) ? 403 : success;
        const payload = route.method === 'PATCH' ? {} : undefined;
        await check(
          key,
          `${c.name} (${sensitivity})`,
          expected,
          c.inject({ method: route.method as never, url, payload }),
        );
      }
    }
    return true;
  }

  const sourcesService = () => t.services.registry.get('source')!;

  function textUpload(content: string): Pick<InjectOptions, 'payload' | 'headers'> {
    const boundary = 'matrixboundary';
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  }

  /** A read of something at `sensitivity`: 401 without credentials, 404 above clearance, else 200. */
  async function readableAtClearance(key: string, target: string, sensitivity: Sensitivity) {
    await check(key, 'anonymous', 401, t.app.inject({ url: target }));
    for (const c of callers) {
      const expected = sees(c, sensitivity) ? 200 : 404;
      await check(key, `${c.name} (${sensitivity})`, expected, c.inject({ url: target }));
    }
  }

  let pairCount = 0;
  /** Two public records of one man (so every caller sees both), and the queue's pair for them. */
  async function publicDuplicatePair() {
    const people = t.services.registry.get('person')!;
    // a surname of its own for each pair, so earlier pairs never crowd this one out
    const surname = [...String(pairCount++)].map((d) => 'abcdefghij'[Number(d)]).join('');
    const name = { givenNames: 'Heriberto', familyNames: `Verdecia Qx${surname}` };
    const a = await people.create(t.ctx, { ...name, sensitivity: 'public' });
    const b = await people.create(t.ctx, { ...name, sensitivity: 'public' });
    const { items } = await t.services.matching.list(t.ctx, { personId: a.id, status: 'open' });
    return {
      a: a.id,
      b: b.id,
      candidate: items.find((c) => c.b.id === b.id || c.a.id === b.id)!.id,
    };
  }

  async function publicMerge() {
    const { a, b } = await publicDuplicatePair();
    return (await t.services.merges.merge(t.ctx, { keepId: a, mergeId: b })).id;
  }

  /** Matching: reads follow clearance; deciding and merging are for editors and administrators. */
  async function matchingRoute(route: RouteEntry) {
    const key = `${route.method} ${route.url}`;
    const deciders = (ok: number) => (c: Caller) => (may(c, 'delete') ? ok : 403);
    const each = async (
      expected: (c: Caller) => number,
      request: (c: Caller) => Promise<InjectOptions>,
    ) => {
      await check(
        key,
        'anonymous',
        401,
        t.app.inject({ ...(await request(callers[0]!)), method: route.method as never }),
      );
      for (const c of callers) {
        await check(
          key,
          c.name,
          expected(c),
          c.inject({ ...(await request(c)), method: route.method as never }),
        );
      }
    };
    if (route.url === '/api/v1/people/:id/duplicates') {
      const people = t.services.registry.get('person')!;
      for (const sensitivity of SENSITIVITY_LEVELS) {
        const id = await makeRecord(people, sensitivity);
        await readableAtClearance(key, route.url.replace(':id', id), sensitivity);
      }
    } else if (route.url === '/api/v1/matching/candidates') {
      await each(
        () => 200,
        async () => ({ url: route.url }),
      );
    } else if (route.url.startsWith('/api/v1/matching/candidates/:id/')) {
      const { candidate } = await publicDuplicatePair();
      await each(deciders(200), async () => ({
        url: route.url.replace(':id', candidate),
        payload: route.url.endsWith('/dismiss') ? { reason: 'two people' } : undefined,
      }));
    } else if (route.url === '/api/v1/merges') {
      await each(deciders(201), async () => {
        const { a, b } = await publicDuplicatePair();
        return { url: route.url, payload: { keepId: a, mergeId: b } };
      });
    } else {
      // Reads share one merge; each undo that should succeed needs a merge of its own.
      const shared = await publicMerge();
      const fresh = route.url.endsWith('/undo');
      await each(fresh ? deciders(200) : () => 200, async (c) => ({
        url: route.url.replace(':id', fresh && may(c, 'delete') ? await publicMerge() : shared),
      }));
    }
  }

  /** Endpoints that are not record CRUD: each needs a rule saying who may call it. */
  async function otherRoute(route: RouteEntry): Promise<boolean> {
    const key = `${route.method} ${route.url}`;
    const everyone = async (
      expected: (c: Caller) => Expected,
      options: (c: Caller) => InjectOptions,
    ) => {
      const sample = options(callers[0]!);
      await check(
        key,
        'anonymous',
        401,
        t.app.inject({ ...sample, method: route.method as never }),
      );
      for (const c of callers)
        await check(
          key,
          c.name,
          expected(c),
          c.inject({ ...options(c), method: route.method as never }),
        );
    };
    const adminOnly = (ok: number) => (c: Caller) => (c.role === 'admin' ? ok : 403);
    const url = route.url;

    if (!url.startsWith('/api/')) return true; // the web app and health check are public by design
    if (url === '/api/v1/auth/login') return true; // open by design; covered by the sign-in suite
    if (url === '/api/v1/openapi.json' || url.startsWith('/api/v1/docs')) {
      const concrete = url.replace('/*', '/index.html').replace(':file', 'swagger-ui.css');
      return everyone(
        () => 'ok',
        () => ({ url: concrete }),
      ).then(() => true);
    }
    if (url === '/api/v1/sources/:id/attachments') {
      for (const sensitivity of SENSITIVITY_LEVELS) {
        const source = await makeRecord(sourcesService(), sensitivity);
        const target = url.replace(':id', source);
        await check(
          key,
          'anonymous',
          401,
          t.app.inject({ method: 'POST', url: target, ...textUpload(`anon ${sensitivity}`) }),
        );
        for (const c of callers) {
          const expected = !sees(c, sensitivity) ? 404 : may(c, 'update') ? 201 : 403;
          const upload = textUpload(`${c.name} ${sensitivity}`);
          await check(
            key,
            `${c.name} (${sensitivity})`,
            expected,
            c.inject({ method: 'POST', url: target, ...upload }),
          );
        }
      }
      return true;
    }
    if (url === '/api/v1/sources/:id/attachments/:sha256') {
      for (const sensitivity of SENSITIVITY_LEVELS) {
        const source = await makeRecord(sourcesService(), sensitivity);
        const uploaded = await asAdmin({
          method: 'POST',
          url: `/api/v1/sources/${source}/attachments`,
          ...textUpload('x'),
        });
        const target = url.replace(':id', source).replace(':sha256', uploaded.json().sha256);
        await readableAtClearance(key, target, sensitivity);
      }
      return true;
    }
    if (url.startsWith('/api/v1/imports')) {
      // Imports write many records at once: editors and administrators only (a dry run here).
      const editors = (ok: number) => (c: Caller) =>
        c.role === 'admin' || c.role === 'editor' ? ok : 403;
      const boundary = 'importboundary';
      const form = (name: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const upload = {
        payload:
          form('type', 'person') +
          form('dryRun', 'true') +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\nexternal_id,given_names\r\nm-1,Ana\r\n--${boundary}--\r\n`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
      if (route.method === 'POST') {
        return everyone(editors(200), () => ({ url, ...upload })).then(() => true);
      }
      const target = url.replace(':id', '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a');
      return everyone(editors(url.endsWith(':id') ? 404 : 200), () => ({ url: target })).then(
        () => true,
      );
    }
    if (url === '/api/v1/auth/session')
      return everyone(
        () => 200,
        () => ({ url }),
      ).then(() => true);
    if (url === '/api/v1/auth/logout')
      return everyone(
        () => 204,
        () => ({ url }),
      ).then(() => true);
    if (url === '/api/v1/auth/password')
      return everyone(
        () => 422,
        () => ({ url, payload: {} }),
      ).then(() => true);
    if (url === '/api/v1/auth/tokens' && route.method === 'GET')
      return everyone(
        () => 200,
        () => ({ url }),
      ).then(() => true);
    if (url === '/api/v1/auth/tokens' && route.method === 'POST') {
      return everyone(
        () => 201,
        () => ({ url, payload: { name: 'matrix', scope: 'read' } }),
      ).then(() => true);
    }
    if (url === '/api/v1/auth/tokens/:id') {
      return everyone(
        () => 404,
        () => ({ url: url.replace(':id', '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a') }),
      ).then(() => true);
    }
    if (url === '/api/v1/users' && route.method === 'GET')
      return everyone(adminOnly(200), () => ({ url })).then(() => true);
    if (url === '/api/v1/users' && route.method === 'POST') {
      let n = 0;
      return everyone(adminOnly(201), () => ({
        url,
        payload: {
          email: `matrix-${n++}@example.org`,
          displayName: 'M',
          role: 'viewer',
          clearance: 'public',
        },
      })).then(() => true);
    }
    if (url.startsWith('/api/v1/users/:id')) {
      const { user } = await t.services.auth.createUser(t.ctx.actor, {
        email: `target-${route.method}-${url.length}@example.org`,
        displayName: 'Target',
        role: 'viewer',
        clearance: 'public',
      });
      const payload = route.method === 'PATCH' ? { displayName: 'Renamed' } : undefined;
      return everyone(adminOnly(200), () => ({ url: url.replace(':id', user.id), payload })).then(
        () => true,
      );
    }
    if (url === '/api/v1/people/:id/dossier.pdf') {
      // Each cell prints a PDF in Chromium: one confidential person (a 404 or a render per caller).
      const id = await makeRecord(t.services.registry.get('person')!, 'confidential');
      await readableAtClearance(key, url.replace(':id', id), 'confidential');
      return true;
    }
    if (url === '/api/v1/people/:id/dossier') {
      const people = t.services.registry.get('person')!;
      for (const sensitivity of SENSITIVITY_LEVELS) {
        const id = await makeRecord(people, sensitivity);
        await readableAtClearance(key, url.replace(':id', id), sensitivity);
      }
      return true;
    }
    if (
      url.startsWith('/api/v1/matching') ||
      url.startsWith('/api/v1/merges') ||
      url === '/api/v1/people/:id/duplicates'
    ) {
      return matchingRoute(route).then(() => true);
    }
    if (url === '/api/v1/search')
      return everyone(
        () => 200,
        () => ({ url: `${url}?q=sample` }),
      ).then(() => true);
    if (url === '/api/v1/stats')
      return everyone(
        () => 200,
        () => ({ url }),
      ).then(() => true);
    if (url === '/api/v1/people/facets' || url === '/api/v1/people/attention')
      return everyone(
        () => 200,
        () => ({ url }),
      ).then(() => true);
    if (url.startsWith('/api/v1/vocabularies')) {
      const concrete = url.replace(':scheme', 'incident_kind').replace(':code', 'beating');
      if (route.method === 'GET')
        return everyone(
          () => 200,
          () => ({ url: concrete }),
        ).then(() => true);
      let n = 0;
      const payload =
        route.method === 'POST'
          ? () => ({ code: `matrix_term_${n++}`, labelEn: 'Matrix term', labelEs: 'Término' })
          : () => ({ labelEs: `Paliza ${n++}` });
      return everyone(adminOnly(route.method === 'POST' ? 201 : 200), () => ({
        url: concrete,
        payload: payload(),
      })).then(() => true);
    }
    if (url.startsWith('/api/v1/audit')) {
      return everyone(adminOnly(200), () => ({ url })).then(() => true);
    }
    // Exports: a list export is a read (everyone who may list may export); the public data set
    // is the administrators' decision; the calendar feed opens with its own token only.
    if (route.method === 'GET' && /^\/api\/v1\/[a-z-]+\/export$/.test(url))
      return everyone(
        () => 200,
        () => ({ url: `${url}?format=csv` }),
      ).then(() => true);
    if (url === '/api/v1/exports/public')
      return everyone(adminOnly(200), () => ({ url })).then(() => true);
    if (url === '/api/v1/calendar/tokens' && route.method === 'GET')
      return everyone(
        () => 200,
        () => ({ url }),
      ).then(() => true);
    if (url === '/api/v1/calendar/tokens' && route.method === 'POST')
      return everyone(
        () => 201,
        () => ({ url, payload: { name: 'matrix' } }),
      ).then(() => true);
    if (url === '/api/v1/calendar/tokens/:id')
      return everyone(
        () => 404,
        () => ({ url: url.replace(':id', '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a') }),
      ).then(() => true);
    if (url === '/api/v1/calendar.ics') {
      await check(key, 'anonymous', 401, t.app.inject({ url }));
      for (const c of callers) {
        // an API token is not a feed token: without ?token= even a signed-in caller gets 401
        await check(key, c.name, 401, c.inject({ url }));
        const created = await c.inject({
          method: 'POST',
          url: '/api/v1/calendar/tokens',
          payload: { name: 'matrix feed' },
        });
        const feed = t.app.inject({ url: `${url}?token=${created.json().secret}` });
        await check(key, `${c.name} (own feed token)`, 200, feed);
      }
      return true;
    }
    return false;
  }

  it('answers every route for every caller as the policy says', async () => {
    const unclassified: string[] = [];
    const services = t.services.registry.all();
    for (const route of t.app.routeTable) {
      let covered = false;
      for (const service of services) {
        if (await recordRoute(service, route)) {
          covered = true;
          break;
        }
      }
      if (!covered && !(await otherRoute(route))) unclassified.push(`${route.method} ${route.url}`);
    }
    const wrong = cells.filter((c) => !matches(c.expected, c.actual));
    // Routes with no rule here, and cells where the server answered otherwise than the policy says.
    expect({ unclassified, wrong }).toEqual({ unclassified: [], wrong: [] });
    expect(cells.length).toBeGreaterThan(500);
  }, 600_000);
});

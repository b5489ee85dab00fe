import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type {
  ApiErrorBody,
  Items,
  RuleKind,
  RuleSetState,
  RuleSetValidation,
  RuleSetVersion,
  Simulation,
} from '$lib/api/contract';
import { failFromApi, raiseFromApi } from './respond';

/**
 * The rule editor's server half, shared by a store's page (`/admin/rules/[kind]`) and the
 * group defaults' page (`/hq/rules/[kind]`): `base` is the API path of the rule set, e.g.
 * `/stores/<id>/rule-sets/callbackWindow` or `/rule-sets/callbackWindow`. The API decides
 * everything (validation, versions, permissions); this only forwards and reports.
 */
type Base = (event: RequestEvent) => string | null;

export async function loadRuleEditor(event: RequestEvent, base: string | null, kindName: string) {
  const { locals } = event;
  try {
    const { items: kinds } = await locals.api.get<Items<RuleKind>>('/rule-kinds');
    const kind = kinds.find((k) => k.name === kindName);
    if (!kind) error(404, { message: `Unknown rule kind ${kindName}`, code: 'NOT_FOUND' });
    if (!base) return { kind, kinds, state: null, history: [] as RuleSetVersion[] };
    const [state, history] = await Promise.all([
      locals.api.get<RuleSetState>(base),
      locals.api.get<Items<RuleSetVersion>>(`${base}/history`),
    ]);
    return { kind, kinds, state, history: history.items };
  } catch (err) {
    raiseFromApi(err);
  }
}

/** The editor's text as JSON, or the parse error as the API's error shape (path '' = the document). */
function parseBody(text: string): { ok: true; body: unknown } | { ok: false; error: ApiErrorBody } {
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'INVALID_JSON', message, details: [{ path: '', message }] } };
  }
}

const noScope: ApiErrorBody = { code: 'NOT_FOUND', message: 'No store selected', details: [] };

/** Reads `body` from the form and parses it; on failure, the form-action failure to return. */
async function bodyOf(event: RequestEvent, form: string) {
  const data = await event.request.formData();
  const text = String(data.get('body') ?? '');
  const parsed = parseBody(text);
  return { data, text, parsed, failure: parsed.ok ? null : fail(400, { form, error: parsed.error, text }) };
}

export function ruleEditorActions(baseOf: Base) {
  return {
    save: async (event: RequestEvent) => {
      const base = baseOf(event);
      const { text, parsed, failure } = await bodyOf(event, 'save');
      if (!base) return fail(400, { form: 'save', error: noScope, text });
      if (!parsed.ok) return failure;
      try {
        const saved = await event.locals.api.put<{
          draft: RuleSetVersion;
          issues: RuleSetValidation['issues'];
        }>(`${base}/draft`, parsed.body);
        return { form: 'save', saved: saved.draft.version, issues: saved.issues, text };
      } catch (err) {
        return failFromApi(err, 'save', { body: text });
      }
    },
    validate: async (event: RequestEvent) => {
      const base = baseOf(event);
      const { text, parsed, failure } = await bodyOf(event, 'validate');
      if (!base) return fail(400, { form: 'validate', error: noScope, text });
      if (!parsed.ok) return failure;
      try {
        const validation = await event.locals.api.post<RuleSetValidation>(`${base}/validate`, {
          body: parsed.body,
        });
        return { form: 'validate', issues: validation.issues, text };
      } catch (err) {
        return failFromApi(err, 'validate', { body: text });
      }
    },
    simulate: async (event: RequestEvent) => {
      const base = baseOf(event);
      const { data, text, parsed, failure } = await bodyOf(event, 'simulate');
      if (!base) return fail(400, { form: 'simulate', error: noScope, text });
      if (!parsed.ok) return failure;
      // The "replay recorded events" button sends how many; otherwise the samples box is used.
      const recentEvents = Number(data.get('recent') ?? 0);
      const samplesText = recentEvents > 0 ? '' : String(data.get('samples') ?? '').trim();
      const samples = samplesText ? parseBody(samplesText) : null;
      if (samples && !samples.ok) {
        return fail(400, {
          form: 'simulate',
          error: { ...samples.error, details: [{ path: 'samples', message: samples.error.message }] },
          text,
        });
      }
      try {
        const simulation = await event.locals.api.post<Simulation>(`${base}/simulate`, {
          body: parsed.body,
          ...(samples ? { samples: samples.body } : {}),
          ...(recentEvents > 0 ? { recentEvents } : {}),
        });
        return { form: 'simulate', simulation, text };
      } catch (err) {
        return failFromApi(err, 'simulate', { body: text });
      }
    },
    /** Saves the editor's text as the draft and publishes it, so what is published is what was on screen. */
    publish: async (event: RequestEvent) => {
      const base = baseOf(event);
      const { text, parsed, failure } = await bodyOf(event, 'publish');
      if (!base) return fail(400, { form: 'publish', error: noScope, text });
      if (!parsed.ok) return failure;
      try {
        const saved = await event.locals.api.put<{ draft: RuleSetVersion }>(`${base}/draft`, parsed.body);
        const published = await event.locals.api.post<RuleSetVersion>(`${base}/publish`, {
          expectedVersion: saved.draft.version,
        });
        return { form: 'publish', published: published.version };
      } catch (err) {
        return failFromApi(err, 'publish', { body: text });
      }
    },
    rollback: async (event: RequestEvent) => {
      const base = baseOf(event);
      const data = await event.request.formData();
      if (!base) return fail(400, { form: 'rollback', error: noScope });
      try {
        const published = await event.locals.api.post<RuleSetVersion>(`${base}/rollback`, {
          version: Number(data.get('version')),
        });
        return { form: 'rollback', published: published.version, copiedFrom: published.copiedFromVersion };
      } catch (err) {
        return failFromApi(err, 'rollback');
      }
    },
    discard: async (event: RequestEvent) => {
      const base = baseOf(event);
      if (!base) return fail(400, { form: 'discard', error: noScope });
      try {
        await event.locals.api.delete(`${base}/draft`);
        return { form: 'discard', discarded: true };
      } catch (err) {
        return failFromApi(err, 'discard');
      }
    },
  };
}

/** The live check behind the editor (a `+server.ts` POST): the body in, the issues out. */
export async function validateForEditor(event: RequestEvent, base: string | null): Promise<Response> {
  if (!base) return Response.json({ ok: false, issues: [] });
  const parsed = parseBody(await event.request.text());
  if (!parsed.ok) return Response.json({ ok: false, issues: [], syntax: parsed.error.message });
  try {
    return Response.json(
      await event.locals.api.post<RuleSetValidation>(`${base}/validate`, { body: parsed.body }),
    );
  } catch (err) {
    const failure = failFromApi(err, 'validate');
    return Response.json({ ok: false, issues: [], error: failure.data.error }, { status: failure.status });
  }
}

/** xAPI statements for completions, for an organization's learning record store. */
import { createHash } from 'node:crypto';

export interface CompletionForXapi {
  certificateId: string;
  email: string;
  displayName: string;
  moduleId: string;
  moduleTitle: string;
  version: string;
  score: number;
  passMark: number;
  completedAt: string;
}

/** The default activity base; each organization sets its own (setting `xapi.activityBase`). */
export const DEFAULT_XAPI_ACTIVITY_BASE = 'https://clearance.example.gov/xapi/activities/training';

/** Clearance's UUID namespace for statement ids (a fixed, random UUID: never change it, or every id changes). */
const STATEMENT_NAMESPACE = '3f0c7a52-9b1e-4d8a-a6f5-2c41e7d9b813';

/** A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name): the same name gives the same id. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A completion's statement id, derived from its certificate id: exporting twice to a learning
 * record store sends the same id, which the store recognises instead of recording it again.
 */
export function statementIdFor(certificateId: string): string {
  return uuidV5(certificateId, STATEMENT_NAMESPACE);
}

export function toXapiStatement(c: CompletionForXapi, activityBase: string = DEFAULT_XAPI_ACTIVITY_BASE) {
  const base = activityBase.replace(/\/+$/, '');
  return {
    id: statementIdFor(c.certificateId),
    actor: { objectType: 'Agent', name: c.displayName, mbox: `mailto:${c.email}` },
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
    object: {
      objectType: 'Activity',
      id: `${base}/${c.moduleId}`,
      definition: {
        name: { 'en-US': c.moduleTitle },
        type: 'http://adlnet.gov/expapi/activities/module',
        extensions: { [`${base}/version`]: c.version },
      },
    },
    result: { score: { scaled: c.score / 100, raw: c.score, min: 0, max: 100 }, success: c.score >= c.passMark, completion: true },
    context: { extensions: { [`${base}/certificate`]: c.certificateId } },
    timestamp: c.completedAt,
  };
}

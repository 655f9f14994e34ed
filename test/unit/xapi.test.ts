/**
 * xAPI statements for a learning record store: valid by Learning Locker's own validator (no
 * warnings), each with a stable id derived from its certificate, under the organization's base.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { statementIdFor, toXapiStatement, uuidV5, type CompletionForXapi } from '../../electron/services/training/xapi.js';

/** Learning Locker's validator (CommonJS, its function as `default`): every problem with a statement, as warnings. */
const validate = createRequire(import.meta.url)('@learninglocker/xapi-validation').default as (statement: unknown) => unknown[];

const completion: CompletionForXapi = {
  certificateId: 'CLR-7K2M9QW4XZ',
  email: 'nora.hill@agency.example.gov',
  displayName: 'Nora Hill',
  moduleId: 'privacy-foundations',
  moduleTitle: 'Privacy foundations: what we collect and why',
  version: '1.0',
  score: 88,
  passMark: 80,
  completedAt: '2026-11-24T09:00:00.000Z',
};

describe('xAPI statements', () => {
  it("pass Learning Locker's validator with no warnings, under the default and an organization's base", () => {
    expect(validate(toXapiStatement(completion))).toEqual([]);
    const statement = toXapiStatement(completion, 'https://lrs.agency.example.gov/activities/');
    expect(validate(statement)).toEqual([]);
    expect(statement.object.id).toBe('https://lrs.agency.example.gov/activities/privacy-foundations');
    expect(Object.keys(statement.context.extensions)).toEqual(['https://lrs.agency.example.gov/activities/certificate']);
  });

  it('carry a stable UUID derived from the certificate id, so a second export is recognised, not recorded twice', () => {
    const id = toXapiStatement(completion).id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toXapiStatement({ ...completion, score: 95 }, 'https://other.example.gov/x').id).toBe(id);
    expect(statementIdFor('CLR-0000000000')).not.toBe(id);
  });

  it('computes version-5 UUIDs as RFC 9562 does', () => {
    // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

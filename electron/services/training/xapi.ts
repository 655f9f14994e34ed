/** xAPI statements for completions, for an organization's learning record store. */
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

export const XAPI_ACTIVITY_BASE = 'https://clearance.example.gov/xapi/activities/training';

export function toXapiStatement(c: CompletionForXapi) {
  return {
    actor: { objectType: 'Agent', name: c.displayName, mbox: `mailto:${c.email}` },
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
    object: {
      objectType: 'Activity',
      id: `${XAPI_ACTIVITY_BASE}/${c.moduleId}`,
      definition: {
        name: { 'en-US': c.moduleTitle },
        type: 'http://adlnet.gov/expapi/activities/module',
        extensions: { [`${XAPI_ACTIVITY_BASE}/version`]: c.version },
      },
    },
    result: { score: { scaled: c.score / 100, raw: c.score, min: 0, max: 100 }, success: c.score >= c.passMark, completion: true },
    context: { extensions: { [`${XAPI_ACTIVITY_BASE}/certificate`]: c.certificateId } },
    timestamp: c.completedAt,
  };
}

/**
 * Which channels ask for a fresh second-factor code (step-up): reveal, process, break-glass and every
 * administrator action, including those that features after the second factor added (accounts, keys,
 * retention, intake, payments, SIEM). A channel added without the mark fails here until it is marked
 * or its exception is written down with the reason.
 */
import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/contract/index.js';

const channels = Object.entries(contract) as [string, { mutation?: boolean; stepUp?: boolean; summary: string }][];

/** Administrator channels that change nothing sensitive or cannot ask for a code, and why. */
const ADMINISTRATOR_EXCEPTIONS: Record<string, string> = {
  'training.verifyCertificate': 'a look-up of one certificate (audited), nothing changes',
  'keys.renewEnrolment':
    'runs where the key is missing, so codes from the app cannot be checked there; the approval that follows asks again',
};

describe('step-up marking', () => {
  it('marks reveal, process and break-glass', () => {
    for (const name of ['records.reveal', 'records.process', 'records.breakGlass']) {
      expect(contract[name as keyof typeof contract], name).toMatchObject({ stepUp: true });
    }
  });

  it('marks every administrator action, apart from the written exceptions', () => {
    const administratorActions = channels.filter(([, def]) => def.mutation && /^Administrators\b/.test(def.summary)).map(([name]) => name);
    expect(administratorActions.length).toBeGreaterThan(20);
    const unmarked = administratorActions.filter((name) => !contract[name as keyof typeof contract].stepUp);
    expect(unmarked.sort()).toEqual(Object.keys(ADMINISTRATOR_EXCEPTIONS).sort());
  });

  it('marks every change of accounts, keys, retention, intake, payments and SIEM settings', () => {
    const sensitive = channels.filter(
      ([name, def]) => def.mutation && /^(accounts|keys|retention|intake|payments|siem|roster|admin)\./.test(name),
    );
    const unmarked = sensitive
      .filter(([name, def]) => !def.stepUp && !(name in ADMINISTRATOR_EXCEPTIONS))
      .map(([name]) => name)
      .sort();
    // Choosing a file only previews it, and looking in the watched folder imports what was already approved there.
    expect(unmarked).toEqual(['intake.choose', 'intake.scanFolder']);
  });

  it('never asks for a code on the channels that give one, or that a person without a factor needs', () => {
    for (const name of [
      'auth.signIn',
      'auth.verifyCode',
      'auth.stepUp',
      'auth.beginEnrolment',
      'auth.confirmEnrolment',
      'auth.unlock',
      'auth.changePassword',
      'auth.signOut',
      'setup.complete',
    ]) {
      expect(contract[name as keyof typeof contract], name).not.toHaveProperty('stepUp', true);
    }
  });

  it('marks only mutations: reading is not an action that asks again', () => {
    const readsMarked = channels.filter(([, def]) => def.stepUp && !def.mutation).map(([name]) => name);
    expect(readsMarked).toEqual([]);
  });
});

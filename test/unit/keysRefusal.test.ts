import { describe, expect, it } from 'vitest';
import { keyRefusal, type KeyState } from '../../electron/services/keys/keyService.js';

describe('why a workstation cannot use the key, in words', () => {
  const again = 'An administrator can make a new request on the Keys and workstations screen of this workstation.';
  const cases: [KeyState, string][] = [
    [
      { state: 'pending', reference: '7F3A-91C2' },
      'This workstation is not yet enrolled for card data: ask an administrator to approve request 7F3A-91C2.',
    ],
    [
      { state: 'refused', reference: '7F3A-91C2' },
      `This workstation's enrolment request 7F3A-91C2 was refused, so it cannot use card data. ${again}`,
    ],
    [{ state: 'retired' }, `This workstation's enrolment was ended by an administrator, so it cannot use card data. ${again}`],
    [
      { state: 'no-keychain', reason: 'the operating system keychain is not available' },
      'This workstation cannot use card data: the operating system keychain is not available. There is no fallback without the keychain.',
    ],
    [{ state: 'no-key' }, 'This workstation cannot use card data yet: no deployment master key has been created.'],
    [
      { state: 'missing-version', version: 3 },
      `This workstation does not hold the current master key (version 3), so it cannot use card data. ${again}`,
    ],
  ];
  it.each(cases)('%o', (state, words) => {
    expect(keyRefusal(state, 'card data')).toBe(words);
  });
});

import { describe, expect, it } from 'vitest';
import { redactForLog } from '../../electron/services/intake/sensitiveData.js';
import { redactingLogger } from '../../electron/services/logger.js';
import { loggedSearch, scanFilter, scanFilterText, scanSearch } from '../../electron/services/searchInput.js';

describe('a search box value, before it is used or logged', () => {
  it('is a card number to look up by its keyed hash, logged as first 6 and last 4', () => {
    expect(scanSearch(' 4111 1111 1111 1111 ')).toEqual({ kind: 'card_number', digits: '4111111111111111', logged: '4111 11•• •••• 1111' });
    expect(scanSearch('5555-5555-5555-4444')).toMatchObject({ kind: 'card_number', logged: '5555 55•• •••• 4444' });
  });

  it('is an SSN when written like one, even in areas the SSA never issues (the demo uses 9xx), logged as its last 4', () => {
    expect(scanSearch('219-09-9999')).toEqual({ kind: 'ssn', digits: '219099999', logged: '•••-••-9999' });
    expect(scanSearch('923-77-3797')).toEqual({ kind: 'ssn', digits: '923773797', logged: '•••-••-3797' });
    expect(scanSearch('923 77 3797')).toMatchObject({ kind: 'ssn', logged: '•••-••-3797' });
    expect(scanSearch('923773797')).toMatchObject({ kind: 'ssn', logged: '•••-••-3797' });
    expect(scanSearch('666-12-3456')).toMatchObject({ kind: 'ssn', logged: '•••-••-3456' });
  });

  it('is a date, possibly of birth, looked up by hash and logged masked', () => {
    expect(scanSearch('1970-03-04')).toEqual({ kind: 'date', date: '1970-03-04', logged: '••••-••-••' });
    expect(scanSearch('1970-02-30')).toMatchObject({ kind: 'text' });
  });

  it('is text otherwise, with a sensitive value inside replaced by its token', () => {
    expect(scanSearch('Harper')).toEqual({ kind: 'text', text: 'Harper', logged: 'Harper' });
    expect(scanSearch('ORD-2026-10001')).toMatchObject({ kind: 'text', text: 'ORD-2026-10001' });
    expect(scanSearch('4111 1111 1111 1112')).toMatchObject({ kind: 'text' });
    expect(scanSearch('Jones 4111111111111111')).toEqual({
      kind: 'text',
      text: 'Jones [card number removed, ending 1111]',
      logged: 'Jones [card number removed, ending 1111]',
    });
    expect(loggedSearch('  ')).toBeNull();
    expect(loggedSearch(undefined)).toBeNull();
    expect(loggedSearch('123-45-6789')).toBe('•••-••-6789');
  });
});

describe('a filter that is compared, not looked up', () => {
  it('keeps words and dates, masks a card number or SSN, and leaves other fields alone', () => {
    expect(scanFilterText('record.open')).toBe('record.open');
    expect(scanFilterText('2026-11-24')).toBe('2026-11-24');
    expect(scanFilter({ actor: '4111111111111111', resourceId: '219-09-9999', page: 2, event: 'auth.sign_in' })).toEqual({
      actor: '4111 11•• •••• 1111',
      resourceId: '•••-••-9999',
      page: 2,
      event: 'auth.sign_in',
    });
  });
});

describe('the log', () => {
  it('gets every message through the scan', () => {
    const lines: string[] = [];
    const log = redactingLogger({ info: (m) => lines.push(`I ${m}`), error: (m) => lines.push(`E ${m}`) }, redactForLog);
    log.error('IPC payments.enter failed: Error: bad number 4111 1111 1111 1111 for SSN 219-09-9999');
    log.info('started');
    expect(lines).toEqual([
      'E IPC payments.enter failed: Error: bad number [card number removed, ending 1111] for SSN [SSN removed]',
      'I started',
    ]);
  });
});

describe('an SSN-shaped number inside a longer search', () => {
  it('is removed even where the SSA never issues numbers, since a search box has no words around it to tell', () => {
    expect(scanSearch('ssn 914-22-3333')).toMatchObject({ kind: 'text', logged: 'ssn [SSN removed]' });
    expect(scanSearch('Harper 914223333 file')).toMatchObject({ kind: 'text', logged: 'Harper [SSN removed] file' });
    expect(scanSearch('call 502-555-0100')).toMatchObject({ kind: 'text', logged: 'call 502-555-0100' });
    expect(scanSearch('ORD-2026-10001')).toMatchObject({ logged: 'ORD-2026-10001' });
  });
});

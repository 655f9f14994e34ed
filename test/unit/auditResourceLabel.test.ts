import { describe, expect, it } from 'vitest';
import { resourceLabel } from '../../electron/services/audit/auditTrailService.js';

const names = new Map([['7', 'Rosa Diaz (rosa.diaz)']]);
const label = (resource_type: string | null, resource_id: string | null) => resourceLabel({ resource_type, resource_id }, names);

describe('what an audit entry is about, as the privacy officer reads it', () => {
  it('names records by kind and number, accounts by the person, modules by name and version', () => {
    expect(label('CardTransaction', '12')).toBe('Card transaction No. 12');
    expect(label('PersonalRecord', '*')).toBe('Personal-information record');
    expect(label('staff', '7')).toBe('Account of Rosa Diaz (rosa.diaz)');
    expect(label('module', 'privacy-foundations@1.0')).toBe('Training module privacy-foundations, version 1.0');
    expect(label('AuditTrail', '*')).toBe('Audit trail');
    expect(label(null, null)).toBeNull();
  });

  it('never shows an internal key: an unknown account or a session stays unnamed', () => {
    expect(label('staff', '99')).toBe('An account');
    expect(label('session', 'a1b2c3d4e5f6')).toBe('Session');
  });
});

/**
 * Card security codes (CVV, CVC, CID): three or four digits that PCI DSS forbids storing after
 * authorisation, even encrypted. Only when named ("CVV 123", "security code is 1234"), since
 * three digits alone are anything.
 */
import { allMatches, standsAlone } from './textContext.js';

export interface CodeSpan {
  start: number;
  end: number;
}

/** The name, then up to a few link words ("is", "number", "#", ":"), then the code (group 1). */
const NAMED_CODE =
  /\b(?:cvv2?|cvc2?|cvn|csc|card\s+security\s+code|security\s+code|card\s+code|card\s+verification\s+(?:value|code|number))(?:[\s:#=-]+(?:is|was|number|no\.?|code))*[\s:#=-]*(\d{3,4})(?!\d)/gi;

export function findCardSecurityCodes(text: string): CodeSpan[] {
  const found: CodeSpan[] = [];
  for (const m of allMatches(NAMED_CODE, text)) {
    const code = m[1] ?? '';
    const start = m.index + m[0].length - code.length;
    const end = start + code.length;
    if (standsAlone(text, start, end)) found.push({ start, end });
  }
  return found;
}

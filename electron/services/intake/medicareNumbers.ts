/**
 * Medicare Beneficiary Identifiers (MBI, on every Medicare card since 2020): 11 characters in a
 * fixed digit/letter pattern, printed as `1EG4-TE5-MK73`. The pattern is strict enough to find
 * without keywords; it is the one piece of "medical information" that can be found without
 * flooding false positives.
 */
import { allMatches, standsAlone } from './textContext.js';

/** Letters used in an MBI: A–Z without S, L, O, I, B, Z (CMS). */
const L = '[AC-HJKMNP-RT-Y]';
const LD = '[0-9AC-HJKMNP-RT-Y]';
const D = '[0-9]';
const MBI = new RegExp(`[1-9]${L}${LD}${D}-?${L}${LD}${D}-?${L}${L}${D}${D}`, 'gi');

export interface MedicareCandidate {
  start: number;
  end: number;
}

export function findMedicareNumbers(text: string): MedicareCandidate[] {
  const found: MedicareCandidate[] = [];
  for (const m of allMatches(MBI, text)) {
    const end = m.index + m[0].length;
    const dashes = (m[0].match(/-/g) ?? []).length;
    // Printed either bare or with both dashes; one dash is more likely part of some other code.
    if (dashes === 1 || !standsAlone(text, m.index, end)) continue;
    found.push({ start: m.index, end });
  }
  return found;
}

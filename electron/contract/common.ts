import { z } from 'zod';
import { ROLE_KEYS } from './roles.js';

export const Empty = z.object({}).strict();
export const RoleKeySchema = z.enum(ROLE_KEYS);
export const IsoTime = z.string();

/**
 * Typed text never carries a NUL byte: SQLite would silently drop everything after it in a search,
 * PostgreSQL refuses it. It is refused at the boundary, in words.
 */
export const NO_NUL_MESSAGE = 'The text contains a NUL character (\\0), which cannot be searched for or stored. Remove it and try again.';
export const hasNoNul = (text: string): boolean => !text.includes('\u0000');

/** The longest text a search box takes, in characters: said on screen, and in words when a longer one is sent. */
export const SEARCH_MAX_LENGTH = 100;
/** What a person types into a search box: trimmed, and refused past the limit in words, not in the validator's. */
export const searchText = () => z.string().trim().max(SEARCH_MAX_LENGTH, `Search can be at most ${SEARCH_MAX_LENGTH} characters.`);

/**
 * Where in an input a text holds a NUL character (`fields.of.it`, `_` for the input itself), or null.
 * PostgreSQL cannot store one and SQLite cuts text at it, so no channel accepts one anywhere.
 */
export function nulPath(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '_' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

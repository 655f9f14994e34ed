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

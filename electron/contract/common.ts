import { z } from 'zod';
import { ROLE_KEYS } from './roles.js';

export const Empty = z.object({}).strict();
export const RoleKeySchema = z.enum(ROLE_KEYS);
export const IsoTime = z.string();

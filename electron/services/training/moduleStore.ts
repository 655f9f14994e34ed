/** Reads published module versions, cached by version (a published version never changes). */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { AppError } from '../errors.js';
import type { ModuleContent } from './contentSchema.js';

export interface CurrentModule {
  moduleId: string;
  number: number;
  title: string;
  version: string;
  major: number;
  majorPublishedAt: string;
}

export class ModuleStore {
  private readonly cache = new Map<string, ModuleContent>();
  constructor(private readonly db: Kysely<Database>) {}

  async current(moduleId: string): Promise<CurrentModule> {
    const row = await this.db.selectFrom('training_modules').selectAll().where('module_id', '=', moduleId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'There is no training module with that name.');
    return {
      moduleId,
      number: Number(row.number),
      title: row.title,
      version: row.current_version,
      major: Number(row.current_major),
      majorPublishedAt: row.major_published_at,
    };
  }

  async content(moduleId: string, version: string): Promise<ModuleContent> {
    const key = `${moduleId}@${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('training_module_versions')
      .select('content')
      .where('module_id', '=', moduleId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That version of the module is not available.');
    const content = JSON.parse(row.content) as ModuleContent;
    this.cache.set(key, content);
    return content;
  }
}

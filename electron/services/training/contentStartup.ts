/**
 * Training content at start-up, without parsing when nothing changed. The content files are
 * hashed (cheap) and looked up in `content_loads`: when these very files were already read and
 * imported, and the modules in force have not changed since, their problems are taken from there
 * and no YAML is parsed. Otherwise the files are parsed, validated and imported as before (after
 * the start checkpoint, since an import appends audit entries), and the load is remembered.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../../db/connection.js';
import type { Database } from '../../../db/schema.js';
import type { AuditLog } from '../audit/auditLog.js';
import { importContent, loadContent, STATEMENT_FILE, type ContentProblem, type LoadedContent } from './contentLoader.js';

export interface StartedContent {
  problems: ContentProblem[];
  /** The privacy statement (Markdown), read as it is. */
  statement: string;
  /** The SHA-256 of the content files, as `content_loads` keys them. */
  filesHash: string;
  /** The parsed files when they must be imported; null when these very files were imported already and nothing was parsed. */
  toImport: LoadedContent | null;
}

/** SHA-256 over the folder's path and every content file's name and bytes, in a fixed order. */
export function contentFilesHash(contentDir: string): string {
  const h = createHash('sha256').update(contentDir);
  const add = (name: string) => {
    h.update(`\0${name}\0`);
    try {
      h.update(readFileSync(join(contentDir, name)));
    } catch {
      h.update('\0missing');
    }
  };
  add('clauses.yaml');
  add(STATEMENT_FILE);
  const modules = readdirSync(join(contentDir, 'modules'))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const f of modules) add(join('modules', f));
  return h.digest('hex');
}

/** What the modules in force look like now: changes whenever any workstation imports a version. */
function modulesState() {
  return {
    versions: sql<number>`(select count(*) from training_module_versions)`,
    updatedAt: sql<string>`(select coalesce(max(updated_at), '') from training_modules)`,
  };
}

function readStatement(contentDir: string): string {
  try {
    return readFileSync(join(contentDir, STATEMENT_FILE), 'utf8');
  } catch {
    // The remembered problems already say the statement is missing.
    return '';
  }
}

/**
 * The content at start-up, read before anything is written: from `content_loads` when these
 * files were imported already and the modules in force have not changed since; parsed otherwise.
 */
export async function readStartContent(db: Kysely<Database>, contentDir: string): Promise<StartedContent> {
  const filesHash = contentFilesHash(contentDir);
  const state = modulesState();
  const known = await db
    .selectFrom('content_loads')
    .select('problems')
    .where('files_hash', '=', filesHash)
    .where('module_versions', '=', state.versions)
    .where('modules_updated_at', '=', state.updatedAt)
    .executeTakeFirst();
  if (known) {
    return { problems: JSON.parse(known.problems) as ContentProblem[], statement: readStatement(contentDir), filesHash, toImport: null };
  }
  const loaded = loadContent(contentDir);
  return { problems: loaded.problems, statement: loaded.statement, filesHash, toImport: loaded };
}

/** Imports what `readStartContent` parsed (nothing when it parsed nothing), and remembers the load. */
export async function importStartContent(
  db: Kysely<Database>,
  dialect: DialectName,
  audit: AuditLog,
  content: StartedContent,
  now: Date,
  workstation: string,
): Promise<void> {
  if (!content.toImport) return;
  await importContent(db, dialect, audit, content.toImport, now, workstation);
  const state = modulesState();
  const after = await db
    .selectFrom('training_modules')
    .select([state.versions.as('versions'), state.updatedAt.as('updatedAt')])
    .limit(1)
    .executeTakeFirst();
  // Only a load that imported modules is remembered: they must exist to compare against next time.
  if (!after) return;
  const row = {
    problems: JSON.stringify(content.toImport.problems),
    module_versions: Number(after.versions),
    modules_updated_at: after.updatedAt,
    loaded_at: now.toISOString(),
  };
  await db
    .insertInto('content_loads')
    .values({ files_hash: content.filesHash, ...row })
    .onConflict((oc) => oc.column('files_hash').doUpdateSet(row))
    .execute();
}

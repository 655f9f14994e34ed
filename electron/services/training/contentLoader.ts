/**
 * Reads the module files, validates each with zod, and imports versions the database has not
 * seen. A malformed file is reported with its path and problem and nothing from it is imported;
 * the other files still load.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { DialectName } from '../../../db/connection.js';
import type { ContentProblem } from '../../contract/training.js';
import type { Database } from '../../../db/schema.js';
import type { AuditLog } from '../audit/auditLog.js';
import { canonicalJson, type JsonValue } from '../audit/canonical.js';
import { ClauseFile, defaultAcknowledgement, ModuleFile, parseVersion, type ClauseEntry, type ModuleContent } from './contentSchema.js';

export type { ContentProblem };

export interface LoadedContent {
  modules: ModuleContent[];
  problems: ContentProblem[];
  /** The organization's privacy statement (Markdown) that the modules are built from, shown under Help. */
  statement: string;
}

export const STATEMENT_FILE = 'privacy-statement.md';

function describeZod(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

export function loadContent(contentDir: string): LoadedContent {
  const problems: ContentProblem[] = [];
  const clausesPath = join(contentDir, 'clauses.yaml');
  let clauses: ClauseEntry[] = [];
  try {
    const parsed = ClauseFile.safeParse(parseYaml(readFileSync(clausesPath, 'utf8')));
    if (parsed.success) clauses = parsed.data;
    else problems.push({ file: clausesPath, problem: describeZod(parsed.error) });
  } catch (error) {
    problems.push({ file: clausesPath, problem: error instanceof Error ? error.message : String(error) });
  }
  const clauseById = new Map(clauses.map((c) => [c.id, c]));

  const modulesDir = join(contentDir, 'modules');
  const files = readdirSync(modulesDir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const modules: ModuleContent[] = [];
  const seenIds = new Map<string, string>();
  for (const name of files) {
    const file = join(modulesDir, name);
    try {
      const parsed = ModuleFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        problems.push({ file, problem: describeZod(parsed.error) });
        continue;
      }
      const m = parsed.data;
      const cited = [...m.lessons.map((l) => l.clause), ...m.questions.map((q) => q.clause)];
      const unknown = [...new Set(cited.filter((c) => !clauseById.has(c)))];
      if (unknown.length) {
        problems.push({ file, problem: `cites clauses not in clauses.yaml: ${unknown.join(', ')}` });
        continue;
      }
      if (seenIds.has(m.id)) {
        problems.push({ file, problem: `module id "${m.id}" is also used by ${seenIds.get(m.id)}` });
        continue;
      }
      seenIds.set(m.id, file);
      const used: ModuleContent['clauses'] = {};
      for (const id of cited) {
        const c = clauseById.get(id)!;
        used[id] = { id, title: c.title, quote: c.quote ?? c.summary ?? null };
      }
      modules.push({ ...m, acknowledgement: m.acknowledgement ?? defaultAcknowledgement(m.title, m.version), clauses: used });
    } catch (error) {
      problems.push({ file, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  let statement = '';
  try {
    statement = readFileSync(join(contentDir, STATEMENT_FILE), 'utf8');
  } catch (error) {
    problems.push({ file: join(contentDir, STATEMENT_FILE), problem: error instanceof Error ? error.message : String(error) });
  }
  return { modules: modules.sort((a, b) => a.number - b.number), problems, statement };
}

export function contentHash(module: ModuleContent): string {
  return createHash('sha256')
    .update(canonicalJson(module as unknown as JsonValue))
    .digest('hex');
}

/** Imports module versions the database does not have yet. Returns the versions it added. */
export async function importContent(
  db: Kysely<Database>,
  dialect: DialectName,
  audit: AuditLog,
  loaded: LoadedContent,
  now: Date,
  workstation: string,
): Promise<string[]> {
  const added: string[] = [];
  await db.transaction().execute(async (trx) => {
    // Workstations starting together must not publish the same version twice.
    await lockForTransaction(trx, dialect, 'contentImport');
    for (const m of loaded.modules) {
      const { major, minor } = parseVersion(m.version);
      const existing = await trx.selectFrom('training_modules').selectAll().where('module_id', '=', m.id).executeTakeFirst();
      const known = await trx
        .selectFrom('training_module_versions')
        .select('content_hash')
        .where('module_id', '=', m.id)
        .where('version', '=', m.version)
        .executeTakeFirst();
      const hash = contentHash(m);
      if (known) {
        if (known.content_hash !== hash) {
          loaded.problems.push({
            file: m.id,
            problem: `version ${m.version} changed after it was published; give the change a new version number. The published text stays in force.`,
          });
        }
        continue;
      }
      if (existing) {
        const current = parseVersion(existing.current_version);
        if (major < current.major || (major === current.major && minor < current.minor)) {
          loaded.problems.push({
            file: m.id,
            problem: `version ${m.version} is older than the version in force (${existing.current_version}); not imported`,
          });
          continue;
        }
      }
      const at = now.toISOString();
      if (!existing) {
        await trx
          .insertInto('training_modules')
          .values({
            module_id: m.id,
            number: m.number,
            title: m.title,
            current_version: m.version,
            current_major: major,
            major_published_at: at,
            updated_at: at,
          })
          .execute();
      } else {
        await trx
          .updateTable('training_modules')
          .set({
            number: m.number,
            title: m.title,
            current_version: m.version,
            current_major: major,
            // A new major version restarts the clock for everyone; a minor one does not.
            major_published_at: major > Number(existing.current_major) ? at : existing.major_published_at,
            updated_at: at,
          })
          .where('module_id', '=', m.id)
          .execute();
      }
      await trx
        .insertInto('training_module_versions')
        .values({
          module_id: m.id,
          version: m.version,
          major,
          minor,
          title: m.title,
          content: JSON.stringify(m),
          content_hash: hash,
          published_at: at,
        })
        .execute();
      await trx.deleteFrom('training_module_roles').where('module_id', '=', m.id).execute();
      await trx
        .insertInto('training_module_roles')
        .values(m.requiredFor.map((role_key) => ({ module_id: m.id, role_key })))
        .execute();
      await audit.append(trx, {
        actor: null,
        workstation,
        event: 'training.content_published',
        outcome: 'allowed',
        resource: { type: 'module', id: `${m.id}@${m.version}` },
        reason: existing
          ? `new ${major > Number(existing.current_major) ? 'major' : 'minor'} version ${m.version} (was ${existing.current_version})`
          : `first version ${m.version}`,
        details: { contentHash: hash },
      });
      added.push(`${m.id}@${m.version}`);
    }
  });
  return added;
}

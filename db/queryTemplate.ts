/**
 * A query built and compiled once per dialect, then run with new values: for the few queries every
 * call makes (the session, a record by its key, the audit head and insert), building and compiling
 * with Kysely costs more than SQLite takes to run them. The query is written as usual with
 * `slot('name')` where a value goes; `run` puts the values in those places and nothing else changes
 * (the same SQL text, the other parameters as compiled).
 */
import type { Compilable, CompiledQuery, DialectAdapter, Kysely } from 'kysely';

const SLOT_PREFIX = '\u0000slot:';

/** Where the value named `name` goes. A NUL-marked text no input can hold (the router refuses NUL). */
export function slot(name: string): never {
  return `${SLOT_PREFIX}${name}\u0000` as never;
}

function slotName(parameter: unknown): string | null {
  return typeof parameter === 'string' && parameter.startsWith(SLOT_PREFIX) ? parameter.slice(SLOT_PREFIX.length, -1) : null;
}

export class QueryTemplate<DB, Row, Values extends Record<string, unknown>> {
  readonly #compiled = new WeakMap<DialectAdapter, CompiledQuery<Row>>();

  constructor(private readonly build: (db: Kysely<DB>) => Compilable<Row>) {}

  async execute(db: Kysely<DB>, values: Values): Promise<Row[]> {
    const compiled = this.#compile(db);
    const parameters = compiled.parameters.map((p) => {
      const name = slotName(p);
      if (name === null) return p;
      if (!Object.hasOwn(values, name)) throw new TypeError(`No value was given for the query's slot "${name}".`);
      return values[name];
    });
    return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
  }

  async executeTakeFirst(db: Kysely<DB>, values: Values): Promise<Row | undefined> {
    return (await this.execute(db, values))[0];
  }

  #compile(db: Kysely<DB>): CompiledQuery<Row> {
    const adapter = db.getExecutor().adapter;
    let compiled = this.#compiled.get(adapter);
    if (!compiled) {
      compiled = this.build(db).compile();
      this.#compiled.set(adapter, compiled);
    }
    return compiled;
  }
}

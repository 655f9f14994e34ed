/**
 * Verification of the audit trail against everything that vouches for it:
 * - the hash chain (each entry's hash, and its link to the one before);
 * - every checkpoint's signature, with the public key this workstation derives from the master
 *   key versions it holds (never the key stored beside the checkpoint);
 * - that the chain still holds each checkpoint's head: a truncated tail, a rewritten stretch, or
 *   forged entries in place of real ones are named with the entries they affect;
 * - the witness files against the database (a checkpoint missing from either side);
 * - that every entry after the first checkpoint comes from a workstation that was running: an
 *   entry in the name of a workstation after its signed stop checkpoint, and before it started
 *   again, was not written by Clearance (a forged append with a correct previous hash).
 * It reads the trail a page at a time and reports every problem, the first one first.
 */
import type { Kysely } from 'kysely';
import type { AuditCheckpoint, Database } from '../../../db/schema.js';
import { GENESIS_HASH, sha256Hex } from './canonical.js';
import { chainPageReader, chainRangeChecks, type ParallelOptions } from './chainPages.js';
import { checkSignature, type SignedCheckpoint } from './checkpoint.js';
import { readWitnessFolder, type WitnessRead } from './witnessFile.js';

export type TrailProblemKind =
  | 'missing'
  | 'unlinked'
  | 'altered'
  | 'rewritten'
  | 'truncated'
  | 'forged'
  | 'bad-signature'
  | 'witness-missing'
  | 'witness-unreadable'
  | 'witness-malformed';

export interface TrailProblem {
  kind: TrailProblemKind;
  /** The problem in words, naming entries by number and checkpoints by their entry and workstation. */
  message: string;
  /** The entries it affects, when it is about entries. */
  fromSeq: number | null;
  toSeq: number | null;
}

export interface CheckpointSummary {
  seq: number;
  headHash: string;
  at: string;
  workstation: string;
  kind: SignedCheckpoint['kind'];
  keyVersion: number;
  witness: string | null;
}

export interface IntegrityReport {
  ok: boolean;
  /** Entries read. */
  checked: number;
  head: { seq: number; hash: string; at: string } | null;
  checkpoints: {
    inDatabase: number;
    /** Checkpoints (database and witness together, each once) whose signature was checked and holds. */
    verified: number;
    last: CheckpointSummary | null;
  };
  witness: {
    /** This workstation's witness folder. */
    folder: string | null;
    /** Lines of this database read from witness files, and how many of them the database also holds. */
    lines: number;
    inDatabase: number;
  };
  /** Every problem found, the first (lowest entry) first; at most MAX_PROBLEMS. */
  problems: TrailProblem[];
  /** Things that could not be checked here, in words; they do not make the trail broken. */
  warnings: string[];
}

const MAX_PROBLEMS = 100;

export interface VerifyOptions {
  db: Kysely<Database>;
  /** The identity of this database, as checkpoints record it; witness lines of other databases are ignored. */
  database: string;
  /** The public key this workstation trusts for a key version, or null when it cannot tell. */
  trustedPublicKey(version: number): string | null;
  /** This workstation's witness folder, if it has one. */
  witnessFolder: string | null;
  /** More witnesses read elsewhere (an evidence pack's checkpoints), each named by its `folder`. */
  extraWitnesses?: readonly WitnessRead[];
  pageSize?: number;
  /** How the chain is checked in worker threads (SQLite files only); tests make small trails go parallel. */
  parallel?: ParallelOptions;
}

export function fromCheckpointRow(row: AuditCheckpoint): SignedCheckpoint {
  return {
    database: row.database_id,
    seq: Number(row.seq),
    headHash: row.head_hash,
    at: row.at,
    workstation: row.workstation,
    kind: row.kind,
    keyVersion: Number(row.key_version),
    witness: row.witness,
    signature: row.signature,
    publicKey: row.public_key,
  };
}

export function summaryOf(cp: SignedCheckpoint): CheckpointSummary {
  return {
    seq: cp.seq,
    headHash: cp.headHash,
    at: cp.at,
    workstation: cp.workstation,
    kind: cp.kind,
    keyVersion: cp.keyVersion,
    witness: cp.witness,
  };
}

/** How a checkpoint is named in messages (no times: the screen shows those in local time). */
function named(cp: SignedCheckpoint): string {
  const what = cp.kind === 'interval' ? 'checkpoint' : `${cp.kind} checkpoint`;
  return `the ${what} of ${cp.workstation} at entry ${cp.seq}`;
}

const range = (from: number, to: number) => (from === to ? `entry ${from}` : `entries ${from}–${to}`);

export async function verifyTrail(options: VerifyOptions): Promise<IntegrityReport> {
  const { db, database } = options;
  const problems: TrailProblem[] = [];
  const warnings: string[] = [];
  const problem = (p: TrailProblem) => problems.push(p);

  // 1. Checkpoints in the database, and the witness folders they (and this workstation) name.
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').orderBy('at').orderBy('id').execute();
  const stored = rows.map(fromCheckpointRow);
  const folders = new Set<string>();
  if (options.witnessFolder) folders.add(options.witnessFolder);
  for (const cp of stored) if (cp.witness) folders.add(cp.witness);
  const reads = new Map<string, WitnessRead>();
  for (const folder of folders) reads.set(folder, await readWitnessFolder(folder));
  for (const extra of options.extraWitnesses ?? []) reads.set(extra.folder, extra);

  // 2. Signatures. Only checkpoints whose signature holds vouch for anything below.
  const verified = new Map<string, SignedCheckpoint>();
  const unknownVersions = new Set<number>();
  for (const cp of stored) {
    const check = checkSignature(cp, options.trustedPublicKey);
    if (check === 'valid') verified.set(cp.signature, cp);
    else if (check === 'unknown-key') unknownVersions.add(cp.keyVersion);
    else
      problem({
        kind: 'bad-signature',
        message: `The database holds ${named(cp)} whose signature does not hold: it was altered, or forged without the key.`,
        fromSeq: null,
        toSeq: null,
      });
  }

  // 3. The witness files against the database.
  const storedSignatures = new Set(stored.map((cp) => cp.signature));
  let witnessLines = 0;
  let witnessInDatabase = 0;
  const witnessed = new Map<string, Set<string>>();
  for (const [folder, read] of reads) {
    if (!read.readable) {
      // This workstation's folder not there yet while no checkpoint was ever stored with it: nothing was witnessed there.
      if (folder === options.witnessFolder && read.missing && !stored.some((cp) => cp.witness === folder))
        warnings.push(`No checkpoint has been written to the witness folder ${folder} yet, so the trail could not be checked against it.`);
      else if (folder === options.witnessFolder)
        problem({
          kind: 'witness-unreadable',
          message: `The witness folder ${folder} could not be read (${read.error}), so the trail could not be checked against it.`,
          fromSeq: null,
          toSeq: null,
        });
      else warnings.push(`Checkpoints witnessed in ${folder} could not be checked from this workstation: ${read.error}.`);
      continue;
    }
    for (const m of read.malformed)
      problem({
        kind: 'witness-malformed',
        message: `Line ${m.line} of the witness file ${m.file} in ${folder} is not a checkpoint (${m.problem}): the witness was edited.`,
        fromSeq: null,
        toSeq: null,
      });
    const signatures = new Set<string>();
    witnessed.set(folder, signatures);
    for (const { file, line, checkpoint: cp } of read.lines) {
      if (cp.database !== database) continue;
      witnessLines += 1;
      const check = checkSignature(cp, options.trustedPublicKey);
      if (check === 'unknown-key') unknownVersions.add(cp.keyVersion);
      if (check === 'invalid') {
        problem({
          kind: 'witness-malformed',
          message: `Line ${line} of the witness file ${file} in ${folder} has a signature that does not hold: the witness was edited.`,
          fromSeq: null,
          toSeq: null,
        });
        continue;
      }
      signatures.add(cp.signature);
      if (storedSignatures.has(cp.signature)) witnessInDatabase += 1;
      if (check === 'valid') verified.set(cp.signature, cp);
    }
  }
  for (const cp of stored) {
    if (!cp.witness || !verified.has(cp.signature)) continue;
    const lines = witnessed.get(cp.witness);
    if (lines && !lines.has(cp.signature))
      problem({
        kind: 'witness-missing',
        message: `${capitalized(named(cp))} was written to the witness in ${cp.witness}, but the witness no longer holds it: the witness was edited or replaced.`,
        fromSeq: null,
        toSeq: null,
      });
  }
  if (witnessLines > witnessInDatabase) {
    warnings.push(
      `${witnessLines - witnessInDatabase} checkpoint(s) are in the witness but not in the database (removed from it, or a write to it failed); the trail was checked against them too.`,
    );
  }
  for (const v of [...unknownVersions].sort((a, b) => a - b)) {
    warnings.push(`Checkpoints signed with key version ${v} could not be checked: this workstation does not hold that key version.`);
  }

  // 4. What the verified checkpoints expect of the chain.
  // At one seq, a stop comes before a start: a run appends its start entry after its start checkpoint. That
  // decides before the times do: a workstation's clock may go back between its stop and its next start.
  const rank = (cp: SignedCheckpoint) => (cp.kind === 'stop' ? 0 : 1);
  const all = [...verified.values()].sort((a, b) => a.seq - b.seq || rank(a) - rank(b) || a.at.localeCompare(b.at));
  const bySeq = new Map<number, SignedCheckpoint[]>();
  for (const cp of all) bySeq.set(cp.seq, [...(bySeq.get(cp.seq) ?? []), cp]);
  const byWorkstation = new Map<string, SignedCheckpoint[]>();
  for (const cp of all) byWorkstation.set(cp.workstation, [...(byWorkstation.get(cp.workstation) ?? []), cp]);
  const firstSeq = all.length ? all[0]!.seq : Infinity;

  // 5. The chain, a page at a time. On a SQLite file, worker threads check ranges of it first; a range
  // they find clean is taken as a whole (its checkpoint hashes and writers from their answer), any
  // other is walked here entry by entry, so every problem is named exactly as by the walk alone.
  let expectedSeq = 1;
  let prevHashExpected = GENESIS_HASH;
  let checked = 0;
  let headSeq = 0;
  let lastGood = 0;
  /** Per workstation: how far into its checkpoints the walk has come. */
  const cursor = new Map<string, number>();
  /** Runs of entries written in a workstation's name while it was stopped, or never started. */
  const forged = new Map<string, { from: number; to: number; stop: SignedCheckpoint }>();
  const unattested = new Map<string, { from: number; count: number }>();
  const pageSize = options.pageSize ?? 2000;
  const readPage = chainPageReader(db);

  /** Walks entries from expectedSeq up to `until` (or the end of the chain), one at a time. */
  async function walk(until: number): Promise<void> {
    for (;;) {
      const page = await readPage(expectedSeq, pageSize);
      if (page.length === 0) return;
      for (const [seq, bytes, hash, prevHash, workstation, consistent] of page) {
        if (seq > until) return;
        let linked = true;
        if (seq !== expectedSeq) {
          problem({
            kind: 'missing',
            message: `${capitalized(range(expectedSeq, seq - 1))} ${expectedSeq === seq - 1 ? 'is' : 'are'} missing: removed from the trail.`,
            fromSeq: expectedSeq,
            toSeq: seq - 1,
          });
          linked = false;
        }
        if (linked && prevHash !== prevHashExpected) {
          problem({
            kind: 'unlinked',
            message: `Entry ${seq} does not link to entry ${seq - 1}: entry ${seq - 1} was replaced after entry ${seq} was written.`,
            fromSeq: Math.max(1, seq - 1),
            toSeq: seq,
          });
        }
        // Altered: bytes that no longer give the hash, or fields that no longer say what the bytes say.
        if (!(consistent && sha256Hex(bytes) === hash)) {
          problem({ kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq });
        }
        checkCheckpointsAt(seq, hash);
        if (seq > firstSeq && workstation !== null) checkWriter(workstation, seq, seq, 1);
        prevHashExpected = hash;
        expectedSeq = seq + 1;
        checked += 1;
        headSeq = seq;
      }
    }
  }

  /** The checkpoints signed at this entry: each must have signed its hash. */
  function checkCheckpointsAt(seq: number, hash: string): void {
    for (const cp of bySeq.get(seq) ?? []) {
      if (cp.headHash === hash) {
        lastGood = seq;
        continue;
      }
      problem({
        kind: 'rewritten',
        message: `Entry ${seq} is not the entry ${named(cp)} signed: ${range(lastGood + 1, seq)} were removed or replaced.`,
        fromSeq: lastGood + 1,
        toSeq: seq,
      });
    }
  }

  /**
   * The entries from..to (count of them) in a workstation's name, none of its checkpoints among
   * them: written while it had signed none yet (unattested), or after its stop (forged). One entry is
   * the range (seq, seq, 1): the walk and the workers' runs give the same runs.
   */
  function checkWriter(workstation: string, from: number, to: number, count: number): void {
    const own = byWorkstation.get(workstation) ?? [];
    let i = cursor.get(workstation) ?? -1;
    while (i + 1 < own.length && own[i + 1]!.seq < from) i += 1;
    cursor.set(workstation, i);
    const latest = i >= 0 ? own[i]! : null;
    if (!latest) {
      const u = unattested.get(workstation) ?? { from, count: 0 };
      u.count += count;
      unattested.set(workstation, u);
      return;
    }
    if (latest.kind !== 'stop') return;
    const key = `${workstation}\u0000${latest.signature}`;
    const run = forged.get(key);
    if (run) run.to = to;
    else forged.set(key, { from, to, stop: latest });
  }

  // A workstation's runs end at its own checkpoints (the one in force changes there) and at the
  // first checkpoint of all (entries up to it are not checked for their writer).
  const firstBoundary = Number.isFinite(firstSeq) ? [firstSeq] : [];
  const checks = await chainRangeChecks(
    db,
    {
      checkpointSeqs: [...bySeq.keys()].sort((a, b) => a - b),
      boundaries: new Map(
        [...byWorkstation].map(([ws, own]) => [ws, [...new Set([...firstBoundary, ...own.map((cp) => cp.seq)])].sort((a, b) => a - b)]),
      ),
      defaultBoundaries: firstBoundary,
    },
    options.parallel,
  );
  if (checks) {
    try {
      for (const [i, { from, to }] of checks.ranges.entries()) {
        const answer = await checks.answers[i]!;
        const whole = answer.clean && from === expectedSeq && answer.firstPrevHash === prevHashExpected && answer.count === to - from + 1;
        if (!whole) {
          await walk(to);
          continue;
        }
        for (const [seq, hash] of answer.hashesAt) checkCheckpointsAt(seq, hash);
        for (const [workstation, runFrom, runTo, count] of answer.runs)
          if (runFrom > firstSeq) checkWriter(workstation, runFrom, runTo, count);
        checked += answer.count;
        headSeq = to;
        expectedSeq = to + 1;
        prevHashExpected = answer.lastHash;
      }
    } finally {
      await checks.close();
    }
  }
  // Entries appended since the workers were given the head, or the whole chain when they were not used.
  await walk(Infinity);
  const headAt = headSeq > 0 ? await db.selectFrom('audit_log').select('at').where('seq', '=', headSeq).executeTakeFirst() : undefined;
  const head: IntegrityReport['head'] = headSeq > 0 ? { seq: headSeq, hash: prevHashExpected, at: headAt?.at ?? '' } : null;

  for (const { from, to, stop } of forged.values()) {
    problem({
      kind: 'forged',
      message: `${capitalized(range(from, to))} ${from === to ? 'is' : 'are'} in the name of ${stop.workstation}, which had stopped (${named(stop)}) and had not started again: not written by Clearance.`,
      fromSeq: from,
      toSeq: to,
    });
  }
  for (const [workstation, u] of unattested) {
    warnings.push(
      `${u.count} entr${u.count === 1 ? 'y' : 'ies'} from ${u.from} on are in the name of ${workstation}, which has written no signed checkpoint (a workstation that is not enrolled, or not Clearance).`,
    );
  }

  // 6. Checkpoints beyond the end of the chain: the tail was cut off.
  const beyond = all.filter((cp) => cp.seq > headSeq);
  if (beyond.length) {
    const furthest = beyond.at(-1)!;
    problem({
      kind: 'truncated',
      message: `The trail ends at entry ${headSeq}, but ${named(furthest)} signed entry ${furthest.seq}: ${range(headSeq + 1, furthest.seq)} were removed.`,
      fromSeq: headSeq + 1,
      toSeq: furthest.seq,
    });
  }

  const ordered = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.fromSeq ?? Infinity) - (b.p.fromSeq ?? Infinity) || a.i - b.i)
    .map(({ p }) => p)
    .slice(0, MAX_PROBLEMS);
  const last = all.at(-1) ?? null;
  return {
    ok: problems.length === 0,
    checked,
    head,
    checkpoints: { inDatabase: stored.length, verified: verified.size, last: last && summaryOf(last) },
    witness: { folder: options.witnessFolder, lines: witnessLines, inDatabase: witnessInDatabase },
    problems: ordered,
    warnings,
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

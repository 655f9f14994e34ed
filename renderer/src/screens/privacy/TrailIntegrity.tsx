import { useState } from 'react';
import type { CheckpointView, TrailProblemView, VerifyView } from '@contract/privacy';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatAge, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

const PROBLEM_TITLES: Record<TrailProblemView['kind'], string> = {
  missing: 'entries are missing',
  unlinked: 'an entry was replaced',
  altered: 'an entry was altered',
  rewritten: 'entries were removed or replaced',
  truncated: 'the end of the trail was removed',
  forged: 'entries were added outside Clearance',
  'bad-signature': 'a checkpoint is forged or altered',
  'witness-missing': 'the witness lost a checkpoint',
  'witness-unreadable': 'the witness could not be read',
  'witness-malformed': 'the witness was edited',
};

const KIND_WORDS: Record<CheckpointView['kind'], string> = {
  start: 'when it started',
  interval: 'while running',
  stop: 'when it stopped',
};

function affected(p: TrailProblemView): string | null {
  if (p.fromSeq === null || p.toSeq === null) return null;
  return p.fromSeq === p.toSeq ? `Entry affected: ${p.fromSeq}.` : `Entries affected: ${p.fromSeq} to ${p.toSeq}.`;
}

/** The head, the last signed checkpoint with their ages, and the verification of the whole trail. */
export function TrailIntegrity() {
  const status = useQuery('audit.status', {});
  const verifying = useAction('audit.verify');
  const againstPack = useAction('audit.verifyWithEvidencePack');
  const [shown, setShown] = useState<'chain' | 'pack' | null>(null);
  const s = status.data;

  async function verify() {
    setShown('chain');
    const r = await verifying.run({});
    if (r?.ok) status.reload();
  }

  async function verifyWithPack() {
    setShown('pack');
    const r = await againstPack.run({});
    if (r?.ok && r.value.status === 'verified') status.reload();
  }

  const pack = againstPack.value?.status === 'verified' ? againstPack.value : null;

  return (
    <section className="card" aria-labelledby="integrity-title">
      <h2 id="integrity-title">Integrity</h2>
      <p>
        Signed checkpoints of the newest entry are kept in the database and in a witness file outside it. Verification recomputes every
        entry, checks every checkpoint's signature and that the trail still holds what each one signed, and compares the witness.
      </p>
      {status.error && <ErrorNotice error={status.error} />}
      {s && (
        <dl className="facts">
          <div>
            <dt>Newest entry</dt>
            <dd>
              {s.head ? (
                <>
                  No. {s.head.seq}, written {formatAge(s.head.at, s.now)} ({formatDateTime(s.head.at)})
                </>
              ) : (
                'The trail is empty.'
              )}
            </dd>
          </div>
          <div>
            <dt>Last signed checkpoint</dt>
            <dd>
              {s.lastCheckpoint ? (
                <>
                  At entry {s.lastCheckpoint.seq}, {formatAge(s.lastCheckpoint.at, s.now)} ({formatDateTime(s.lastCheckpoint.at)}), by{' '}
                  {s.lastCheckpoint.workstation} {KIND_WORDS[s.lastCheckpoint.kind]}
                  {s.lastCheckpoint.witnessed ? '; also in the witness file' : '; not in the witness file'}
                </>
              ) : (
                'None yet.'
              )}
            </dd>
          </div>
          <div>
            <dt>Checkpoints</dt>
            <dd>Every {s.intervalMinutes} minutes while the trail grows, and at every start and stop</dd>
          </div>
          <div>
            <dt>Witness folder on this workstation</dt>
            <dd className="small">
              <span className="mono">{s.witness.folder ?? 'None'}</span>
            </dd>
          </div>
          <div>
            <dt>Last verification</dt>
            <dd>
              {s.lastVerification ? (
                <>
                  {formatDateTime(s.lastVerification.at)}, {s.lastVerification.scheduled ? 'daily schedule' : s.lastVerification.by}:{' '}
                  {s.lastVerification.ok ? 'intact' : 'BROKEN'}
                </>
              ) : (
                'Not yet.'
              )}
            </dd>
          </div>
        </dl>
      )}
      {s && !s.signing.available && (
        <Alert kind="warning" title="This workstation does not sign checkpoints">
          {s.signing.reason}. Checkpoints written by other workstations are still verified.
        </Alert>
      )}
      {s?.witness.lastWrite && !s.witness.lastWrite.ok && (
        <Alert kind="warning" title="The last checkpoint could not be written to the witness">
          {formatDateTime(s.witness.lastWrite.at)}: {s.witness.lastWrite.error}. It was kept in the database; ask an administrator to check
          the witness folder.
        </Alert>
      )}
      <div className="button-row">
        <ActionButton className="button button--secondary" pending={verifying.pending} onClick={() => void verify()}>
          Verify the chain
        </ActionButton>
        <ActionButton className="button button--secondary" pending={againstPack.pending} onClick={() => void verifyWithPack()}>
          Verify against an evidence pack…
        </ActionButton>
      </div>
      <p className="small">
        An evidence pack keeps a copy of every signed checkpoint (audit-checkpoints.jsonl). Choosing that file checks the trail against it
        too, even if the database's checkpoints and the witness were removed.
      </p>
      {shown === 'chain' && verifying.error && (
        <div className="spaced">
          <Alert kind="error">{verifying.error.message}</Alert>
        </div>
      )}
      {shown === 'chain' && verifying.value && <VerifyResult v={verifying.value} />}
      {shown === 'pack' && againstPack.error && (
        <div className="spaced">
          <Alert kind="error">{againstPack.error.message}</Alert>
        </div>
      )}
      {shown === 'pack' && againstPack.value?.status === 'cancelled' && (
        <p className="small spaced" role="status">
          No file was chosen; nothing was verified.
        </p>
      )}
      {shown === 'pack' && pack && (
        <>
          <p className="spaced">
            Checked also against {pack.file} of an evidence pack ({pack.lines} checkpoint{pack.lines === 1 ? '' : 's'} of this database).
          </p>
          <VerifyResult v={pack.result} />
        </>
      )}
    </section>
  );
}

function VerifyResult({ v }: { v: VerifyView }) {
  const [first, ...more] = v.problems;
  return (
    <div className="spaced">
      {v.ok ? (
        <Alert kind="success" title="The audit trail is intact">
          <p>
            {v.checked} entries verified at {formatDateTime(v.verifiedAt)}; {v.checkpointsVerified} signed checkpoint
            {v.checkpointsVerified === 1 ? '' : 's'} hold
            {v.witnessFolder ? `, and the witness (${v.witnessLines} line${v.witnessLines === 1 ? '' : 's'}) agrees` : ''}.
          </p>
          {v.lastCheckpoint && (
            <p>
              Last checkpoint verified: entry {v.lastCheckpoint.seq}, {formatDateTime(v.lastCheckpoint.at)}.
            </p>
          )}
          <p>
            Newest entry's hash <span className="mono hash">{v.headHash}</span>
          </p>
        </Alert>
      ) : (
        first && (
          <Alert kind="error" title={`The audit trail is broken: ${PROBLEM_TITLES[first.kind]}`}>
            <p>{first.message}</p>
            {affected(first) && <p>{affected(first)}</p>}
            <p>Preserve this database and the witness folder as they are, and report it to your security team.</p>
            {more.length > 0 && (
              <details>
                <summary>
                  {more.length} more problem{more.length === 1 ? '' : 's'}
                </summary>
                <ul>
                  {more.map((p, i) => (
                    <li key={i}>
                      {p.message} {affected(p)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </Alert>
        )
      )}
      {v.warnings.length > 0 && (
        <div className="spaced">
          <Alert kind="warning" title="Not everything could be checked here">
            <ul>
              {v.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </Alert>
        </div>
      )}
    </div>
  );
}

import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { Brand } from '../../components/Brand';
import { useSession } from '../../session/SessionContext';
import { useAction } from '../../session/useAction';
import { RecoveryCodeList } from './RecoveryCodeList';

/** New recovery codes on a page of their own, until the person says they have kept them. */
export function RecoveryCodesScreen({ codes }: { codes: readonly string[] }) {
  const { showRecoveryCodes } = useSession();
  const save = useAction('app.savePagePdf');
  return (
    <div className="auth-page">
      <main className="auth-card auth-card--wide" aria-labelledby="codes-title">
        <Brand size={36} />
        <h1 id="codes-title">Your recovery codes</h1>
        <RecoveryCodeList codes={codes} />
        {save.value?.saved && <Alert kind="success">Saved to {save.value.path}.</Alert>}
        {save.error && <Alert kind="error">{save.error.message}</Alert>}
        <div className="button-row no-print">
          <button className="button button--secondary" type="button" onClick={() => window.print()}>
            Print
          </button>
          <ActionButton
            className="button button--secondary"
            pending={save.pending}
            onClick={() => void save.run({ title: 'Clearance recovery codes' })}
          >
            Save as PDF…
          </ActionButton>
        </div>
        <div className="button-row no-print">
          <button className="button button--primary" type="button" onClick={() => showRecoveryCodes(null)}>
            I have kept my recovery codes: continue
          </button>
        </div>
      </main>
    </div>
  );
}

import { SIGNATURE_RULE } from '@contract/training';
import { Field } from './Field';
import { useSignedIn } from '../session/SessionContext';

/**
 * "I have read this statement" and a typed full name as the signature: how a person signs a
 * policy acknowledgement and the key custodian statement alike (main checks the name by one rule).
 */
export function SignatureFields({
  idPrefix,
  agreement,
  agreed,
  onAgreed,
  signature,
  onSignature,
  errors,
}: {
  idPrefix: string;
  /** What ticking the box says, e.g. "I have read and understood this statement." */
  agreement: string;
  agreed: boolean;
  onAgreed(agreed: boolean): void;
  signature: string;
  onSignature(signature: string): void;
  errors: { agreed?: string | undefined; signature?: string | undefined };
}) {
  const view = useSignedIn();
  const errorId = `${idPrefix}-agreed-error`;
  return (
    <>
      <div className={`field${errors.agreed ? ' field--error' : ''}`}>
        {errors.agreed && (
          <p className="field__error" id={errorId}>
            {errors.agreed}
          </p>
        )}
        <label className="choice">
          <input
            type="checkbox"
            checked={agreed}
            onChange={(e) => onAgreed(e.target.checked)}
            aria-describedby={errors.agreed ? errorId : undefined}
          />
          <span>{agreement}</span>
        </label>
      </div>
      <Field
        label="Type your full name as your signature"
        hint={`As it appears on your account: ${view.user.displayName}. ${SIGNATURE_RULE}`}
        value={signature}
        onChange={(e) => onSignature(e.target.value)}
        error={errors.signature}
        autoComplete="name"
      />
    </>
  );
}

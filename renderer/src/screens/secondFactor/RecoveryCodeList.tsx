/** Recovery codes as issued, with what to do with them. Shown once: main keeps only their hashes. */
export function RecoveryCodeList({ codes }: { codes: readonly string[] }) {
  return (
    <div className="recovery-codes">
      <p>
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app.{' '}
        <strong>They are shown only now.</strong> Print this page or save it as a PDF, or write them down, and keep them somewhere safe,
        apart from your phone.
      </p>
      <ol className="recovery-codes__list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
    </div>
  );
}

import type { Err } from '@contract/result';
import { Alert } from './Alert';

/** A failed load, in words, with what to do next. */
export function ErrorNotice({ error, title = 'This could not be loaded' }: { error: Err; title?: string }) {
  return (
    <Alert kind="error" title={title}>
      <p>{error.message}</p>
    </Alert>
  );
}

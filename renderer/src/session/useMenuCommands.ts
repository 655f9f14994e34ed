import { useCallback, useEffect, useState } from 'react';
import { useSession } from './SessionContext';
import { useAction } from './useAction';
import { navigate } from './useHashRoute';

type Exporter = () => void;
let currentExporter: Exporter | null = null;

/** A screen that can export registers here while it is shown, for File › Export. */
export function useExporter(exporter: Exporter): void {
  useEffect(() => {
    currentExporter = exporter;
    return () => {
      if (currentExporter === exporter) currentExporter = null;
    };
  });
}

/** Handles the desktop menu's commands (delivered by main as a DOM event). Returns a notice to show, if any. */
export function useMenuCommands(): [string | null, () => void] {
  const { signOut } = useSession();
  const { run: savePagePdf } = useAction('app.savePagePdf');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const onCommand = (e: Event) => {
      const command = (e as CustomEvent<string>).detail;
      if (command === 'sign-out') void signOut('You have signed out.');
      else if (command === 'privacy-statement') navigate('/privacy-statement');
      else if (command === 'export') {
        if (currentExporter) currentExporter();
        else setNotice('Nothing on this screen can be exported. Exports are on the Audit trail and Training content screens.');
      } else if (command === 'save-pdf') {
        void savePagePdf({ title: document.querySelector('h1')?.textContent ?? 'page' }).then((r) => {
          if (r?.ok) setNotice(r.value.path ? `Saved to ${r.value.path}` : 'Not saved: no file was chosen.');
          else if (r) setNotice(r.message);
        });
      }
    };
    window.addEventListener('clearance:menu', onCommand);
    return () => window.removeEventListener('clearance:menu', onCommand);
  }, [signOut, savePagePdf]);
  const clear = useCallback(() => setNotice(null), []);
  return [notice, clear];
}

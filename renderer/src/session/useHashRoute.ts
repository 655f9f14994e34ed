import { useEffect, useState } from 'react';

/** The current in-app path from the URL hash (#/home). Hash routing works from app:// and file:. */
export function useHashRoute(fallback: string): string {
  const read = () => window.location.hash.replace(/^#/, '') || fallback;
  const [path, setPath] = useState(read);
  useEffect(() => {
    const onChange = () => setPath(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  });
  return path;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

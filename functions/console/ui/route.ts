import { useEffect, useState } from 'preact/hooks';

/** The page's place, in the fragment (`#/tasks/<id>`): nothing of it reaches a server or a log. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export const go = (path: string): void => {
  location.hash = path;
};

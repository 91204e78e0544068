import { useEffect, useState } from 'react';
import { blobUrl } from './api.js';

/** A photo that only the key's holder may see: fetched with the Bearer key, shown from an object URL. */
export function PrivatePhoto({ path, keyValue, alt }: { path: string; keyValue: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let current: string | null = null;
    void blobUrl(path.replace(/^\/api\/consultations/, ''), keyValue)
      .then((made) => {
        current = made;
        setUrl(made);
      })
      .catch(() => setUrl(null));
    return () => {
      if (current) URL.revokeObjectURL(current);
    };
  }, [path, keyValue]);
  return url ? <img src={url} alt={alt} className="thumb" /> : null;
}

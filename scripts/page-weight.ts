import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The participant view's first load may carry at most this much compressed JavaScript and CSS. */
export const PARTICIPANT_BUDGET_BYTES = 100 * 1024;

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/**
 * Writes a gzip and a brotli copy beside every text file of the build, at the
 * strongest settings: done once at build time, so the server compresses nothing per request.
 */
export function precompress(dir: string): void {
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!COMPRESSIBLE.test(name)) continue;
    const path = join(dir, name);
    const raw = readFileSync(path);
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
      }),
    );
  }
}

export interface FirstLoad {
  /** Files fetched before the participant view shows: entry, its static imports, CSS, one language. */
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

/** The page's strings in one language (named so by vite.config.ts). */
const LANGUAGE_CHUNK = /^assets\/strings-(ar|zh|en|fr|ru|es)-[\w-]+\.js$/;

/**
 * What a participant's browser downloads for /m/:id: the entry script and CSS named in
 * index.html, the chunks it imports statically (modulepreload), and the heaviest of the
 * language chunks (the one language the page shows; the heaviest, to be safe).
 */
export function participantFirstLoad(dir: string): FirstLoad {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const languages = readdirSync(join(dir, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((name) => LANGUAGE_CHUNK.test(name));
  const size = (file: string, ext: '' | '.gz' | '.br') => {
    const path = join(dir, file + ext);
    if (existsSync(path)) return readFileSync(path).length;
    const raw = readFileSync(join(dir, file));
    return ext === '' ? raw.length : ext === '.gz' ? gzipSync(raw, { level: 9 }).length : brotliCompressSync(raw).length;
  };
  const heaviestLanguage = languages.sort((a, b) => size(b, '.br') - size(a, '.br'))[0];
  const files = [...new Set([...named, ...(heaviestLanguage ? [heaviestLanguage] : [])])];
  const total = (ext: '' | '.gz' | '.br') => files.reduce((sum, file) => sum + size(file, ext), 0);
  return { files, raw: total(''), gzip: total('.gz'), brotli: total('.br') };
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

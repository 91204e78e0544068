import { createReadStream, type Stats, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { RequestHandler } from 'express';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** Vite names built assets by content hash: a changed file is a new name, so a name never changes content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function fileStats(path: string): Stats | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** Brotli, else gzip, when the browser takes it and the build wrote it. */
function pickEncoding(acceptEncoding: string, path: string): { file: string; encoding: 'br' | 'gzip' | null } {
  const accepted = acceptEncoding.split(',').flatMap((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)/.exec(param)?.[1]).find((value) => value !== undefined);
    return q !== undefined && Number(q) === 0 ? [] : [name?.trim() ?? ''];
  });
  const accepts = (name: string) => accepted.includes(name);
  if (accepts('br') && fileStats(`${path}.br`)) return { file: `${path}.br`, encoding: 'br' };
  if (accepts('gzip') && fileStats(`${path}.gz`)) return { file: `${path}.gz`, encoding: 'gzip' };
  return { file: path, encoding: null };
}

/**
 * Serves the built client: the copies precompressed at build time (gzip, brotli) to browsers
 * that take them, hashed assets cached for a year as immutable, everything else revalidated.
 * Source maps are never served, even if a build left some behind.
 */
export function builtClient(root: string): RequestHandler {
  const base = resolve(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (relative.endsWith('.map') || relative.endsWith('.gz') || relative.endsWith('.br')) return next();
    const path = resolve(join(base, relative));
    if (!path.startsWith(base + sep) || relative.includes('\0')) return next();
    const stats = fileStats(path);
    if (!stats) return next();
    sendFile(req.headers['accept-encoding'] ?? '', path, relative.startsWith('/assets/'), req.method === 'HEAD', res);
  };
}

/** index.html with the same compression, never cached without revalidation (it names the current assets). */
export function sendIndex(root: string): RequestHandler {
  const index = join(resolve(root), 'index.html');
  return (req, res) => sendFile(req.headers['accept-encoding'] ?? '', index, false, req.method === 'HEAD', res);
}

function sendFile(
  acceptEncoding: string,
  path: string,
  immutable: boolean,
  headOnly: boolean,
  res: Parameters<RequestHandler>[1],
): void {
  const { file, encoding } = pickEncoding(acceptEncoding, path);
  const stats = fileStats(file);
  if (!stats) {
    res.status(404).end();
    return;
  }
  res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(stats.size));
  res.setHeader('Cache-Control', immutable ? IMMUTABLE : 'no-cache');
  res.setHeader('Last-Modified', stats.mtime.toUTCString());
  res.setHeader('Vary', 'Accept-Encoding');
  if (encoding) res.setHeader('Content-Encoding', encoding);
  if (headOnly) {
    res.end();
    return;
  }
  // A file removed under a running server (a rebuild) ends this response, never the process.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

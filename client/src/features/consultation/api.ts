import type { ConsultationErrorBody } from '../../../../shared/consultation.js';

/** The key of an organiser or receipt link, from the fragment (browsers never send it to a server). */
export function keyFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('key') ?? '';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ConsultationErrorBody,
  ) {
    super(body.message);
  }
}

/** JSON over fetch with the consultation's error bodies; `key` goes as a Bearer token. */
export async function api<T>(path: string, init: RequestInit & { key?: string; json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const response = await fetch(`/api/consultations${path}`, { ...init, headers, body });
  if (response.status === 204) return undefined as T;
  const parsed = (await response.json().catch(() => ({}))) as { error?: ConsultationErrorBody };
  if (!response.ok) throw new ApiError(response.status, parsed.error ?? { code: 'internal', message: response.statusText });
  return parsed as T;
}

/** Downloads a file that needs the Bearer key (an export, a private photo) as an object URL. */
export async function blobUrl(path: string, key: string): Promise<string> {
  const response = await fetch(`/api/consultations${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`download failed: ${response.status}`);
  return URL.createObjectURL(await response.blob());
}

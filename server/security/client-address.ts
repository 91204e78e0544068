import type { IncomingHttpHeaders } from 'node:http';

const isLoopback = (address: string) => address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

/**
 * The address a request came from, by the rule Express applies with
 * `trust proxy: 'loopback'`: a proxy on this machine (the cluster's nginx) is
 * trusted to name the client in `X-Forwarded-For`, nobody else is. Walks the
 * header from the right while the hop is loopback, so a client cannot choose
 * its own address by sending the header itself.
 */
export function clientAddress({ address, headers }: { address: string; headers: IncomingHttpHeaders }): string {
  const forwarded = headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  let current = address;
  while (isLoopback(current) && hops.length > 0) current = hops.pop() ?? current;
  return current;
}

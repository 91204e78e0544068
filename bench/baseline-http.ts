/**
 * The HTTP side of a baseline server: `GET /heap` answers the heap and RSS
 * after two forced collections (the process runs with --expose-gc), so the
 * join storm measures a baseline's memory per connection the way it measures
 * Plenary's. Prints the `listening` line the harness waits for.
 */
import { createServer, type Server } from 'node:http';

export function baselineHttpServer(): Server {
  const http = createServer((request, response) => {
    if (request.url !== '/heap') {
      response.writeHead(404).end();
      return;
    }
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    collect?.();
    const { heapUsed, rss } = process.memoryUsage();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ heapUsed, rss, collected: !!collect }));
  });
  http.listen(0, '127.0.0.1', () => {
    const address = http.address();
    if (typeof address === 'object' && address)
      process.stdout.write(`${JSON.stringify({ msg: 'listening', port: address.port })}\n`);
  });
  return http;
}

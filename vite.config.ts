import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { kilobytes, PARTICIPANT_BUDGET_BYTES, participantFirstLoad, precompress } from './scripts/page-weight.js';

/** gzip and brotli copies of every text file, then the participant's first-load figure. */
function precompressAndWeigh(): Plugin {
  let outDir = '';
  return {
    name: 'plenary-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = `${config.root}/${config.build.outDir}`;
    },
    closeBundle() {
      precompress(outDir);
      const load = participantFirstLoad(outDir);
      const verdict = load.brotli <= PARTICIPANT_BUDGET_BYTES ? 'within' : 'OVER';
      console.log(
        `participant first load: ${kilobytes(load.brotli)} brotli, ${kilobytes(load.gzip)} gzip, ${kilobytes(load.raw)} raw ` +
          `(${load.files.length} files; ${verdict} the ${kilobytes(PARTICIPANT_BUDGET_BYTES)} budget)`,
      );
    },
  };
}

/**
 * Plenary's clients speak WebSocket only (`transports: ['websocket']`, the server accepts nothing
 * else), so the long-polling and WebTransport code of engine.io-client is dead weight on a phone.
 */
function websocketTransportOnly(): Plugin {
  return {
    name: 'plenary-websocket-only',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source !== './transports/index.js' || !importer?.includes('engine.io-client')) return null;
      return fileURLToPath(new URL('./client/src/lib/websocket-transport.ts', import.meta.url));
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), websocketTransportOnly(), precompressAndWeigh()],
  // No source maps in production: they would publish the whole source, 2.4 MB of it.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Every browser Plenary supports preloads modules natively; the polyfill would only add weight to the first load.
    modulePreload: { polyfill: false },
    // The client shares shared/ with the server but validates nothing with zod: building a schema
    // has no side effect, so unused schemas (and zod with them) stay out of the page.
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !id.endsWith('/shared/model.ts') },
      // The libraries every page runs on, in one chunk of their own: lazy parts of the participant
      // view then import from it, instead of making the bundler cut shared chunks page by page.
      // (The QR library is not among them: only the room display loads it.)
      output: {
        // The page's strings per language get a name of their own: other chunks are named after a
        // language too (the country names of the consultation forms), and the page weight counts these.
        chunkFileNames: (chunk) =>
          /\/client\/src\/i18n\/\w+\.ts$/.test(chunk.facadeModuleId ?? '')
            ? 'assets/strings-[name]-[hash].js'
            : 'assets/[name]-[hash].js',
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /node_modules\/(react|react-dom|scheduler|i18next|react-i18next|socket\.io|engine\.io|@socket\.io|zustand|use-sync)/,
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev`: the client with hot reload, the API and sockets from `npm run dev:server`.
    // The proxy keeps the browser's Host (localhost:5173), so the server, without PUBLIC_URL, sees the page's
    // own origin and lets it in (a string target would rewrite Host to localhost:3000 and be refused).
    proxy: {
      '/api': { target: 'http://localhost:3000' },
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});

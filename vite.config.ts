import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
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

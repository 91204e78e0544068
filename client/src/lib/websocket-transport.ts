// Stands in for engine.io-client's transport table in the browser build (see vite.config.ts): WebSocket only.
import { WS } from '../../../node_modules/engine.io-client/build/esm/transports/websocket.js';

export const transports = { websocket: WS };

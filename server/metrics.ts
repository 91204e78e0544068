import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MeetingStore } from './store/types.js';

/** Prometheus metrics of one instance, served at /metrics. A registry per instance, so tests can run several. */
export class Metrics {
  readonly registry = new Registry();
  readonly connectedClients: Gauge<'role'>;
  readonly commands: Counter<'type' | 'result'>;
  readonly storeSeconds: Histogram<'operation'>;
  readonly fanoutLagSeconds: Histogram;
  readonly commitConflicts: Counter;
  readonly forwardedCommands: Counter<'outcome'>;

  constructor(instanceId: string) {
    this.registry.setDefaultLabels({ instance: instanceId });
    collectDefaultMetrics({ register: this.registry });
    this.connectedClients = new Gauge({
      name: 'plenary_connected_clients',
      help: 'Socket.IO clients connected to this instance, by role',
      labelNames: ['role'],
      registers: [this.registry],
    });
    this.commands = new Counter({
      name: 'plenary_commands_total',
      help: 'Commands handled, by type and result (ok or the error code)',
      labelNames: ['type', 'result'],
      registers: [this.registry],
    });
    this.storeSeconds = new Histogram({
      name: 'plenary_store_seconds',
      help: 'Latency of store operations',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5],
      registers: [this.registry],
    });
    this.commitConflicts = new Counter({
      name: 'plenary_commit_conflicts_total',
      help: 'Commits that lost a race with another instance and were decided again',
      registers: [this.registry],
    });
    this.forwardedCommands = new Counter({
      name: 'plenary_forwarded_commands_total',
      help: "Commands sent to their meeting's writer instance, by outcome (answered, no_writer, timeout, failed)",
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.fanoutLagSeconds = new Histogram({
      name: 'plenary_fanout_lag_seconds',
      help: 'Time from a change being decided to its broadcast leaving this instance',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
  }

  /** The same store, with the latency of every operation recorded. */
  instrument(store: MeetingStore): MeetingStore {
    const histogram = this.storeSeconds;
    return new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          const end = histogram.startTimer({ operation: property });
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result instanceof Promise) return result.finally(() => end());
          end();
          return result;
        };
      },
    });
  }
}

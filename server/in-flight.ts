/** Commands being handled, so that a graceful stop can wait for them. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];
  /** Set when the instance stops: new connections are refused. */
  draining = false;

  /** Commands being handled now. */
  get size(): number {
    return this.count;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await task();
    } finally {
      this.count--;
      if (this.count === 0) for (const resolve of this.waiters.splice(0)) resolve();
    }
  }

  /** Resolves when no command is in flight, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

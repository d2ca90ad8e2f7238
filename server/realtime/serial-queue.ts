/** Runs async tasks one at a time, in the order they were pushed; a failing task does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  push<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => task());
    this.tail = run.catch(() => {});
    return run;
  }

  /** Resolves once everything pushed so far has run. */
  idle(): Promise<void> {
    return this.tail.then(() => {});
  }
}

/**
 * The live count's request discipline, free of React: requests are debounced, a new one aborts the
 * one in flight, and every request carries a sequence number so that an answer for an older
 * definition is dropped even if it arrives last (a slow count finishing after a fast one).
 */

export type LatestRequestOptions<Input, Result> = {
  delayMs: number;
  run: (input: Input, signal: AbortSignal) => Promise<Result>;
  /** A request was scheduled: the shown answer is out of date. */
  onPending?: (input: Input) => void;
  /** The answer for the latest input (never an older one). */
  onResult: (result: Result, input: Input) => void;
  /** The latest request failed (not aborted). */
  onError: (error: unknown, input: Input) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
};

export class LatestRequest<Input, Result> {
  private sequence = 0;
  private timer: unknown = null;
  private controller: AbortController | null = null;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: LatestRequestOptions<Input, Result>) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** The number of the latest request (tests and debugging). */
  get latest(): number {
    return this.sequence;
  }

  /** Schedules a request for `input`, superseding every earlier one. */
  request(input: Input): void {
    const sequence = ++this.sequence;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.options.onPending?.(input);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.send(input, sequence);
    }, this.options.delayMs);
  }

  /** Forgets everything scheduled or in flight (unmount). */
  cancel(): void {
    this.sequence++;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.controller?.abort();
    this.controller = null;
  }

  private async send(input: Input, sequence: number): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      const result = await this.options.run(input, controller.signal);
      if (sequence === this.sequence) this.options.onResult(result, input);
    } catch (error) {
      if (controller.signal.aborted || sequence !== this.sequence) return;
      this.options.onError(error, input);
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }
}

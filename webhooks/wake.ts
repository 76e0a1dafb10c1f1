declare global {
  // Intake wakes the inbox worker so a delivery is applied within milliseconds, not at the next poll.
  var __segmentflowWakeInbox: (() => void) | undefined;
}

/** Nudges the inbox worker of this process (a no-op when none runs, e.g. in tests). */
export function wakeInbox(): void {
  globalThis.__segmentflowWakeInbox?.();
}

/** Installs (or, with undefined, removes) the worker's wake-up call. */
export function onWakeInbox(wake: (() => void) | undefined): void {
  globalThis.__segmentflowWakeInbox = wake;
}

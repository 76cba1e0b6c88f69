/**
 * A background work loop in the style of EDC's StateMachineManager: run `tick` again at once while it finds work,
 * wait `idleWaitMs` after an idle pass, back off after an error, stop cleanly on `stop()` (awaiting the running tick).
 * Protocol state machines use it to drain their outbox of pending "-ING" states.
 */
export interface WorkLoop {
  /** Wake the loop now (e.g. right after a request committed new work). */
  wake(): void;
  stop(): Promise<void>;
}

export interface WorkLoopOptions {
  name: string;
  /** Processes one batch; returns how many items it handled. */
  tick: () => Promise<number>;
  idleWaitMs: number;
  errorWaitMs?: number;
  onError?: (err: unknown) => void;
}

export function startWorkLoop(opts: WorkLoopOptions): WorkLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wakeUp: (() => void) | null = null;
  // a wake that arrives while a tick runs must not be lost: that tick may have looked before the new work committed
  let woken = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      wakeUp = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      if (timer) clearTimeout(timer);
      timer = null;
      wakeUp = null;
    });
  const running = (async () => {
    while (!stopped) {
      let wait = 0;
      woken = false;
      try {
        const n = await opts.tick();
        if (n === 0) wait = opts.idleWaitMs;
      } catch (e) {
        opts.onError?.(e);
        wait = opts.errorWaitMs ?? opts.idleWaitMs * 4;
      }
      if (!stopped && wait > 0) await sleep(wait);
    }
  })();
  return {
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
    },
  };
}

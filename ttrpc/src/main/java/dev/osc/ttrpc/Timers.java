package dev.osc.ttrpc;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** One daemon timer thread for all call deadlines, client and server side. */
final class Timers {
  private Timers() {}

  static final ScheduledThreadPoolExecutor DEADLINES = create();

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "ttrpc-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true); // most calls finish in time: don't keep their timers around
    return t;
  }
}

package dev.osc.dev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Counts the live threads of this process every few milliseconds while a benchmark runs, split into
 * those a predicate says belong to someone else (the benchmark's stand-ins for Kata shims, the
 * local provider's VMs) and the rest, which are the adaptor's. Keeps each peak, and the adaptor's
 * threads by name (digits dropped) at its peak: where the threads are, measured.
 */
final class ThreadSampler implements AutoCloseable {
  private final Predicate<Thread> notOurs;
  private final Thread sampler;
  private volatile boolean stop;
  private int peakAll;
  private int peakOurs;
  private Map<String, Integer> atPeak = Map.of();

  ThreadSampler(Predicate<Thread> notOurs) {
    this.notOurs = notOurs;
    this.sampler = new Thread(this::loop, "bench-thread-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void loop() {
    while (!stop) {
      sample();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    // Not getAllStackTraces: with a thousand threads its stop-the-world stack dump every 10 ms
    // took a large share of the CPU it was measuring. Names are counted only at a new peak.
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() * 2 + 16];
    List<Thread> threads = Arrays.asList(all).subList(0, root.enumerate(all, true));
    List<Thread> ours = new ArrayList<>();
    for (Thread t : threads) {
      // A thread that ended since the snapshot has no group left to tell whose it was.
      if (t != sampler && t.getThreadGroup() != null && !notOurs.test(t)) {
        ours.add(t);
      }
    }
    synchronized (this) {
      peakAll = Math.max(peakAll, threads.size() - 1);
      if (ours.size() > peakOurs) {
        peakOurs = ours.size();
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : ours) {
          byName.merge(t.getName().replaceAll("[0-9a-f]{6,}|\\d+", "#"), 1, Integer::sum);
        }
        atPeak = byName;
      }
    }
  }

  synchronized int peakAll() {
    return peakAll;
  }

  synchronized int peakOurs() {
    return peakOurs;
  }

  /** The adaptor's threads by name at its peak, largest groups first, as "name×count". */
  synchronized String breakdown(int groups) {
    return atPeak.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(groups)
        .map(e -> e.getKey() + "×" + e.getValue())
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    sampler.interrupt();
    sampler.join();
    sample();
  }
}

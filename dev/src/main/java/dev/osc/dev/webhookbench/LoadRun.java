package dev.osc.dev.webhookbench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * One round of load on one server: {@code connections} threads, each on its own kept-alive
 * connection, send the same request back to back for the warm-up and then the measured time. A
 * request counts (throughput, latency, errors) when it started inside the measured time. An error
 * is a failed exchange (the connection is then opened anew) or a reply other than HTTP 200.
 */
public final class LoadRun {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Figures of one round; CPU times in nanoseconds, -1 when unknown. */
  public record Result(
      long requests,
      long errors,
      double seconds,
      Latencies latencies,
      long serverCpuNanos,
      long clientCpuNanos) {
    public double perSecond() {
      return requests / seconds;
    }
  }

  private LoadRun() {}

  public static Result run(
      ServerProcess server,
      SSLContext tls,
      byte[] request,
      int connections,
      Duration warmup,
      Duration duration)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    AtomicLong errors = new AtomicLong();
    AtomicLong clientCpu = new AtomicLong();
    long[] serverCpu = new long[2];
    List<Latencies> perThread = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Latencies mine = new Latencies();
      perThread.add(mine);
      threads.add(
          new Thread(
              () -> {
                boolean measuring = false;
                long cpuFrom = 0;
                KeepAliveConnection c = null;
                try {
                  for (long t0 = System.nanoTime(); t0 < end; t0 = System.nanoTime()) {
                    if (!measuring && t0 >= measureFrom) {
                      measuring = true;
                      cpuFrom = THREADS.getCurrentThreadCpuTime();
                    }
                    try {
                      if (c == null) {
                        c = new KeepAliveConnection(tls, "127.0.0.1", server.port());
                      }
                      int status = c.exchange(request).status();
                      if (measuring) {
                        mine.add(System.nanoTime() - t0);
                        if (status != 200) {
                          errors.incrementAndGet();
                        }
                      }
                    } catch (IOException e) {
                      if (measuring) {
                        errors.incrementAndGet();
                      }
                      c = closeQuietly(c);
                    }
                  }
                  clientCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuFrom);
                } finally {
                  closeQuietly(c);
                }
              },
              "load-" + i));
    }
    threads.forEach(Thread::start);
    Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
    serverCpu[0] = server.cpuNanos();
    Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
    serverCpu[1] = server.cpuNanos();
    for (Thread t : threads) {
      t.join();
    }
    Latencies all = Latencies.merge(perThread);
    long serverCpuNanos = serverCpu[0] < 0 || serverCpu[1] < 0 ? -1 : serverCpu[1] - serverCpu[0];
    return new Result(
        all.size(), errors.get(), duration.toNanos() / 1e9, all, serverCpuNanos, clientCpu.get());
  }

  private static KeepAliveConnection closeQuietly(KeepAliveConnection c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // already broken: nothing to do
      }
    }
    return null;
  }
}

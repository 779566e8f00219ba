package dev.osc.cli;

/**
 * The JVM's common fork-join pool gets one worker per CPU but one; with a single worker (a 2-CPU
 * node, or a container limited to 2 CPUs) {@code CompletableFuture} runs every async stage that
 * names no executor on a new thread. The JDK HTTP client under the Kubernetes client has such
 * stages: measured with {@code ./osc bench caa}, 200 sandboxes at once started 4,375 threads for
 * them. Two workers make them queue instead.
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Before anything touches the common pool: at least two workers, unless set explicitly. */
  static void atLeastTwoWorkers() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() - 1 < 2) {
      System.setProperty(PARALLELISM, "2");
    }
  }
}

package dev.osc.dev;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent during a benchmark by this process and by its child processes (the test bed's
 * kube-apiserver and etcd), by command name. On a machine with few cores, their sum divided by the
 * cores is a floor under the wall time no change to one process can go below.
 */
final class CpuMeter {
  private final Map<String, Long> before;

  CpuMeter() {
    before = sample();
  }

  /** Seconds of CPU per process since this meter was made, this process first as "java (bench)". */
  Map<String, Double> seconds() {
    Map<String, Double> spent = new LinkedHashMap<>();
    sample()
        .forEach((name, nanos) -> spent.put(name, (nanos - before.getOrDefault(name, 0L)) / 1e9));
    return spent;
  }

  private static Map<String, Long> sample() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    nanos.put(
        "java (bench)",
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime());
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              var info = p.info();
              String name = info.command().map(c -> c.replaceAll(".*/", "")).orElse("?");
              nanos.merge(
                  name, info.totalCpuDuration().map(Duration::toNanos).orElse(0L), Long::sum);
            });
    return nanos;
  }
}

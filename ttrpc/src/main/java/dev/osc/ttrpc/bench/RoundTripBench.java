package dev.osc.ttrpc.bench;

import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Unary round trips over a unix socket, one call at a time: p50, p99 and calls per second of our
 * client and server against each other and against the Go containerd/ttrpc library
 * (testbed/ttrpc-peer, when Go is available): Java to Java, Java to Go, Go to Go (the baseline) and
 * Go to Java, measured the same way on both sides.
 *
 * <pre>java -cp ... dev.osc.ttrpc.bench.RoundTripBench [calls] [payload bytes]</pre>
 */
public final class RoundTripBench {
  private RoundTripBench() {}

  /** Latency figures of one run, in microseconds. */
  public record Result(
      String name, int calls, double p50Micros, double p99Micros, double callsPerSecond) {
    static final String HEADER =
        String.format(
            "%-18s %7s %9s %9s %10s", "client -> server", "calls", "p50 us", "p99 us", "calls/s");

    @Override
    public String toString() {
      return String.format(
          "%-18s %7d %9.1f %9.1f %10.0f", name, calls, p50Micros, p99Micros, callsPerSecond);
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int payload = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    run(calls, payload, System.out);
  }

  /** Runs the measurements and prints them as a table (the Go ones are skipped without Go). */
  public static void run(int calls, int payloadBytes, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("ttrpc-bench");
    try {
      Optional<Path> peer = GoPeer.locate();
      out.println(Result.HEADER);
      Path javaSocket = dir.resolve("java.sock");
      try (TtrpcServer server = new TtrpcServer()) {
        server.register(EchoService.definition());
        server.serve(UnixSockets.listen(javaSocket));
        out.println(measure("java -> java", javaSocket, calls, payloadBytes));
        if (peer.isPresent()) {
          out.println(GoPeer.bench(peer.get(), "go -> java", javaSocket, calls, payloadBytes));
        }
      }
      if (peer.isEmpty()) {
        out.println("java -> go, go -> go, go -> java: skipped, Go is not installed");
        return;
      }
      Path goSocket = dir.resolve("go.sock");
      try (GoPeer.Server ignored = GoPeer.startServer(peer.get(), goSocket)) {
        out.println(measure("java -> go", goSocket, calls, payloadBytes));
        out.println(GoPeer.bench(peer.get(), "go -> go", goSocket, calls, payloadBytes));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Echo round trips on one connection after a warm-up of a tenth as many calls. */
  public static Result measure(String name, Path socket, int calls, int payloadBytes)
      throws IOException, TtrpcException {
    byte[] request = EchoService.bytesValue(new byte[payloadBytes]);
    try (TtrpcClient client = new TtrpcClient(UnixSockets.connect(socket))) {
      for (int i = 0; i < Math.max(100, calls / 10); i++)
        client.call(EchoService.NAME, "Echo", request);
      long[] nanos = new long[calls];
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        long t = System.nanoTime();
        client.call(EchoService.NAME, "Echo", request);
        nanos[i] = System.nanoTime() - t;
      }
      long total = System.nanoTime() - start;
      Arrays.sort(nanos);
      return new Result(
          name,
          calls,
          nanos[calls / 2] / 1e3,
          nanos[(int) (calls * 0.99)] / 1e3,
          calls / (total / 1e9));
    }
  }
}

package dev.osc.ttrpc;

import static dev.osc.ttrpc.bench.EchoService.NAME;
import static dev.osc.ttrpc.bench.EchoService.bytesValue;
import static dev.osc.ttrpc.bench.EchoService.int64Value;
import static dev.osc.ttrpc.bench.EchoService.readBytesValue;
import static dev.osc.ttrpc.bench.EchoService.readInt64Value;
import static dev.osc.ttrpc.bench.EchoService.readStringValue;
import static dev.osc.ttrpc.bench.EchoService.stringValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.ttrpc.bench.GoPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client and server against the real Go containerd/ttrpc (testbed/ttrpc-peer, version pinned in
 * its go.mod). The peer comes from OSC_TTRPC_PEER / -Dosc.ttrpc.peer or is built by
 * scripts/ttrpc-peer.sh; without Go the tests are skipped (the script says so in one line).
 */
class GoTtrpcConformanceTest {
  private static Path peer;

  @BeforeAll
  static void findPeer() throws Exception {
    Optional<Path> found = GoPeer.locate();
    Assumptions.assumeTrue(
        found.isPresent(), "Go is not installed: conformance with containerd/ttrpc is not tested");
    peer = found.get();
  }

  /** The Go client runs its scenarios against our server and checks every answer itself. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class GoClientJavaServer {
    private Fixture fixture;

    @BeforeAll
    void start() throws Exception {
      fixture = new Fixture();
    }

    @AfterAll
    void stop() throws Exception {
      fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unary", "errors", "deadline", "concurrent", "oversized", "metadata"})
    void scenario(String scenario) throws Exception {
      GoPeer.ClientResult result =
          GoPeer.runClient(peer, fixture.socket, scenario, Duration.ofSeconds(60));
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).isEqualTo("ok " + scenario);
    }
  }

  /** Our client against the Go server. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class JavaClientGoServer {
    private Path dir;
    private Path socket;
    private GoPeer.Server server;

    @BeforeAll
    void start() throws Exception {
      dir = java.nio.file.Files.createTempDirectory("ttrpc-go");
      socket = dir.resolve("go.sock");
      server = GoPeer.startServer(peer, socket);
    }

    @AfterAll
    void stop() throws Exception {
      server.close();
      java.nio.file.Files.deleteIfExists(socket);
      java.nio.file.Files.deleteIfExists(dir);
    }

    private TtrpcClient client() throws Exception {
      return new TtrpcClient(UnixSockets.connect(socket));
    }

    @Test
    void unary() throws Exception {
      try (TtrpcClient client = client()) {
        for (byte[] payload :
            List.of("hello".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[3 << 20])) {
          assertThat(readBytesValue(client.call(NAME, "Echo", bytesValue(payload))))
              .isEqualTo(payload);
        }
      }
    }

    @Test
    void statusCodesAndMessagesArePreserved() throws Exception {
      try (TtrpcClient client = client()) {
        for (StatusCode code : StatusCode.values()) {
          if (code == StatusCode.OK) continue;
          String message = "failure " + code + ": ünïcode";
          assertThatThrownBy(
                  () -> client.call(NAME, "Fail", stringValue(code.value() + " " + message)))
              .isInstanceOfSatisfying(
                  TtrpcException.class,
                  e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.statusMessage()).isEqualTo(message);
                  });
        }
        assertThatThrownBy(() -> client.call("osc.test.Nope", "Echo", new byte[0]))
            .isInstanceOfSatisfying(
                TtrpcException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
                  assertThat(e.statusMessage()).isEqualTo("service osc.test.Nope");
                });
        assertThatThrownBy(() -> client.call(NAME, "Nope", new byte[0]))
            .isInstanceOfSatisfying(
                TtrpcException.class, e -> assertThat(e.statusMessage()).isEqualTo("method Nope"));
      }
    }

    @Test
    void goServerHonoursTheTimeoutWeSend() throws Exception {
      // Raw request with timeout_nano and no local timer: the status comes from Go.
      try (RawConnection raw = new RawConnection(UnixSockets.connect(socket))) {
        long start = System.nanoTime();
        raw.request(1, NAME, "Sleep", int64Value(10_000), Duration.ofMillis(200).toNanos());
        Envelope.Response r = raw.readResponse(1);
        assertThat(r.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
        assertThat(r.message()).isEqualTo("context deadline exceeded");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      }
      try (TtrpcClient client = client()) {
        assertThatThrownBy(
                () ->
                    client.call(
                        NAME,
                        "Sleep",
                        int64Value(10_000),
                        CallOptions.timeout(Duration.ofMillis(200))))
            .isInstanceOfSatisfying(
                TtrpcException.class,
                e -> assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED));
      }
    }

    @Test
    void manyConcurrentCalls() throws Exception {
      try (TtrpcClient client = client()) {
        List<CompletableFuture<byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++)
          calls.add(
              client.callAsync(NAME, "Sleep", int64Value((300 - i) % 50), CallOptions.DEFAULT));
        for (int i = 0; i < calls.size(); i++) {
          assertThat(readInt64Value(calls.get(i).get(30, TimeUnit.SECONDS)))
              .isEqualTo((300 - i) % 50);
        }
      }
    }

    @Test
    void metadataReachesGoHandlers() throws Exception {
      try (TtrpcClient client = client()) {
        byte[] r =
            client.call(
                NAME,
                "Meta",
                stringValue("x-osc-trace"),
                CallOptions.DEFAULT.withMetadata("X-Osc-Trace", "a", "b"));
        assertThat(readStringValue(r)).isEqualTo("a,b");
      }
    }

    @Test
    void oversizedRequestIsAnsweredByGoWithResourceExhausted() throws Exception {
      try (TtrpcClient client = client()) {
        assertThatThrownBy(
                () -> client.call(NAME, "Echo", bytesValue(new byte[Wire.MAX_MESSAGE_LENGTH])))
            .isInstanceOfSatisfying(
                TtrpcException.class,
                e -> assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED));
      }
      // Bypassing our own check: Go discards the frame, answers, and keeps the connection.
      try (RawConnection raw = new RawConnection(UnixSockets.connect(socket))) {
        int length = Wire.MAX_MESSAGE_LENGTH + 1;
        byte[] frame = new byte[Wire.HEADER_LENGTH + length];
        frame[1] = (byte) (length >>> 16);
        frame[3] = 1;
        frame[7] = 1;
        frame[8] = Wire.TYPE_REQUEST;
        raw.sendBytes(frame);
        Envelope.Response r = raw.readResponse(1);
        assertThat(r.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
        assertThat(r.message())
            .isEqualTo("message length 4194305 exceed maximum message size of 4194304");
        raw.request(3, NAME, "Echo", bytesValue(new byte[] {5}), 0);
        assertThat(readBytesValue(raw.readResponse(3).payload())).containsExactly(5);
      }
    }

    @Test
    void goRejectsEvenStreamIdsAsWeDo() throws Exception {
      try (RawConnection raw = new RawConnection(UnixSockets.connect(socket))) {
        raw.request(2, NAME, "Echo", new byte[0], 0);
        Envelope.Response r = raw.readResponse(2);
        assertThat(r.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(r.message()).isEqualTo("StreamID must be odd for client initiated streams");
      }
    }

    @Test
    void goHangsUpOnItsOwnOversizedResponseAndOurClientReportsUnavailable() throws Exception {
      // Go v1.2.x closes the connection when a response is too large (our server answers
      // RESOURCE_EXHAUSTED instead); our pending call must fail, not hang.
      try (TtrpcClient client = client()) {
        assertThatThrownBy(
                () ->
                    client.call(
                        NAME,
                        "Big",
                        int64Value(5 << 20),
                        CallOptions.timeout(Duration.ofSeconds(20))))
            .isInstanceOfSatisfying(
                TtrpcException.class, e -> assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE));
      }
    }
  }
}

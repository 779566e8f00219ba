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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls a user makes over a unix socket, Java client to Java server. */
class UnaryCallTest {
  private final AtomicReference<CallContext> seen = new AtomicReference<>();
  private final CountDownLatch handlerStarted = new CountDownLatch(1);
  private Fixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new Fixture(
            ServiceDefinition.builder("osc.test.Probe")
                .unary(
                    "Context",
                    (ctx, req) -> {
                      seen.set(ctx);
                      return req;
                    })
                .unary(
                    "Crash",
                    (ctx, req) -> {
                      throw new IllegalStateException("handler bug");
                    })
                .unary(
                    "Block",
                    (ctx, req) -> {
                      handlerStarted.countDown();
                      Thread.sleep(60_000);
                      return req;
                    })
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void echoRoundTrip() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      for (byte[] payload :
          List.of("hello".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[1 << 20])) {
        assertThat(readBytesValue(client.call(NAME, "Echo", bytesValue(payload))))
            .isEqualTo(payload);
      }
    }
  }

  @Test
  void handlerSeesMetadataAndDeadline() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      client.call(
          "osc.test.Probe",
          "Context",
          new byte[0],
          CallOptions.timeout(Duration.ofSeconds(30)).withMetadata("X-Trace", "a", "b"));
      CallContext ctx = seen.get();
      assertThat(ctx.service()).isEqualTo("osc.test.Probe");
      assertThat(ctx.method()).isEqualTo("Context");
      assertThat(ctx.metadata().getAll("x-trace")).containsExactly("a", "b");
      assertThat(ctx.timeRemaining())
          .get()
          .satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30)));

      client.call("osc.test.Probe", "Context", new byte[0]);
      assertThat(seen.get().timeRemaining()).isEmpty();
      assertThat(seen.get().metadata().isEmpty()).isTrue();
    }
  }

  @Test
  void concurrentCallsOnOneConnectionAnswerOutOfOrder() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      List<CompletableFuture<byte[]>> calls = new ArrayList<>();
      List<Long> finished = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 40; i++) {
        long ms = 400 - i * 10L; // the first call sent is the last to finish
        CompletableFuture<byte[]> f =
            client.callAsync(NAME, "Sleep", int64Value(ms), CallOptions.DEFAULT);
        var unused = f.thenAccept(r -> finished.add(readInt64Value(r))); // the test waits on f
        calls.add(f);
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(readInt64Value(calls.get(i).get(10, TimeUnit.SECONDS))).isEqualTo(400 - i * 10L);
      }
      assertThat(finished.get(0)).isLessThan(finished.get(finished.size() - 1));
    }
  }

  @Test
  void deadlineExceeded() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      long start = System.nanoTime();
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
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      // the connection carries on
      assertThat(
              readInt64Value(
                  client.call(
                      NAME, "Sleep", int64Value(5), CallOptions.timeout(Duration.ofSeconds(10)))))
          .isEqualTo(5);
    }
  }

  @Test
  void serverEnforcesTheDeadlineItIsSent() throws Exception {
    // No local timeout on this side: the answer must come from the server's own timer.
    try (RawConnection raw = fixture.raw()) {
      long start = System.nanoTime();
      raw.request(1, NAME, "Sleep", int64Value(10_000), Duration.ofMillis(200).toNanos());
      Envelope.Response r = raw.readResponse(1);
      assertThat(r.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(r.message()).isEqualTo("context deadline exceeded");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void unimplementedServiceAndMethod() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      assertThatThrownBy(() -> client.call("osc.test.Nope", "Echo", new byte[0]))
          .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
          .satisfies(e -> assertThat(e.code()).isEqualTo(StatusCode.UNIMPLEMENTED))
          .satisfies(e -> assertThat(e.statusMessage()).isEqualTo("service osc.test.Nope"));
      assertThatThrownBy(() -> client.call(NAME, "Nope", new byte[0]))
          .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
          .satisfies(e -> assertThat(e.code()).isEqualTo(StatusCode.UNIMPLEMENTED))
          .satisfies(e -> assertThat(e.statusMessage()).isEqualTo("method Nope"));
    }
  }

  @Test
  void handlerFailuresBecomeStatuses() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      for (StatusCode code : StatusCode.values()) {
        if (code == StatusCode.OK) continue;
        assertThatThrownBy(
                () -> client.call(NAME, "Fail", stringValue(code.value() + " no luck: " + code)))
            .isInstanceOfSatisfying(
                TtrpcException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(code);
                  assertThat(e.statusMessage()).isEqualTo("no luck: " + code);
                });
      }
      assertThatThrownBy(() -> client.call("osc.test.Probe", "Crash", new byte[0]))
          .isInstanceOfSatisfying(
              TtrpcException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
                assertThat(e.statusMessage()).isEqualTo("handler bug");
              });
    }
  }

  @Test
  void oversizedRequestFailsLocallyAndTheConnectionCarriesOn() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      assertThatThrownBy(
              () -> client.call(NAME, "Echo", bytesValue(new byte[Wire.MAX_MESSAGE_LENGTH])))
          .isInstanceOfSatisfying(
              TtrpcException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
                assertThat(e.statusMessage()).contains("exceed maximum message size of 4194304");
              });
      assertThat(
              readStringValue(
                  client.call(
                      NAME, "Meta", stringValue("k"), CallOptions.DEFAULT.withMetadata("k", "v"))))
          .isEqualTo("v");
    }
  }

  @Test
  void oversizedResponseIsAnsweredWithResourceExhausted() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      assertThatThrownBy(() -> client.call(NAME, "Big", int64Value(5 << 20)))
          .isInstanceOfSatisfying(
              TtrpcException.class,
              e -> assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED));
      assertThat(readBytesValue(client.call(NAME, "Big", int64Value(10)))).hasSize(10);
    }
  }

  @Test
  void serverDyingMidCallFailsPendingCallsWithUnavailable() throws Exception {
    TtrpcClient client = fixture.client();
    CompletableFuture<byte[]> pending =
        client.callAsync("osc.test.Probe", "Block", new byte[0], CallOptions.DEFAULT);
    assertThat(handlerStarted.await(10, TimeUnit.SECONDS)).isTrue();
    fixture.server.close(Duration.ZERO);
    assertThat(pending)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            TtrpcException.class, e -> assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE));
    assertThatThrownBy(() -> client.call(NAME, "Echo", new byte[0]))
        .isInstanceOfSatisfying(
            TtrpcException.class, e -> assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE));
    assertThat(client.isClosed()).isTrue();
  }

  @Test
  void gracefulCloseLetsCallsInFlightFinish() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      CompletableFuture<byte[]> inFlight =
          client.callAsync(NAME, "Sleep", int64Value(300), CallOptions.DEFAULT);
      Thread.sleep(100); // the request is with the handler
      fixture.server.close(Duration.ofSeconds(10));
      assertThat(readInt64Value(inFlight.get(1, TimeUnit.SECONDS))).isEqualTo(300);
    }
  }
}

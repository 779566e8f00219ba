package dev.osc.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Methods whose answer comes after the handler returned: a cloud call, a relayed call. */
class AsyncHandlerTest {
  private static final String SERVICE = "osc.test.Later";
  private final Queue<CompletableFuture<byte[]>> waiting = new ConcurrentLinkedQueue<>();
  private final Queue<CompletableFuture<byte[]>> returned = new ConcurrentLinkedQueue<>();
  private Fixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new Fixture(
            ServiceDefinition.builder(SERVICE)
                .unaryAsync(
                    "Later",
                    (ctx, req) -> {
                      CompletableFuture<byte[]> answer = new CompletableFuture<>();
                      waiting.add(answer);
                      CompletableFuture<byte[]> response = answer.thenApply(r -> concat(req, r));
                      returned.add(response);
                      return response;
                    })
                .unaryAsync(
                    "Refuse",
                    (ctx, req) ->
                        CompletableFuture.failedFuture(
                            new TtrpcException(StatusCode.RESOURCE_EXHAUSTED, "no room")))
                .unaryAsync(
                    "Broken",
                    (ctx, req) -> CompletableFuture.failedFuture(new IllegalStateException("bug")))
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void callsAwaitingTheirAnswerHoldNoHandlerThread() throws Exception {
    // More calls than the server's 64 handlers: were a handler held per call, 64 would wait and
    // the rest would never reach the handler.
    int calls = 150;
    try (TtrpcClient client = fixture.client()) {
      List<CompletableFuture<byte[]>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        answers.add(client.callAsync(SERVICE, "Later", bytes("call-" + i), CallOptions.DEFAULT));
      }
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (waiting.size() < calls) {
        assertThat(System.nanoTime())
            .as("all %d calls reach the handler", calls)
            .isLessThan(giveUp);
        Thread.sleep(5);
      }

      for (CompletableFuture<byte[]> w; (w = waiting.poll()) != null; ) {
        w.complete(bytes(" answered"));
      }
      for (int i = 0; i < calls; i++) {
        assertThat(answers.get(i).get(30, TimeUnit.SECONDS))
            .asString(StandardCharsets.UTF_8)
            .isEqualTo("call-" + i + " answered");
      }
    }
  }

  @Test
  void aFailedAnswerReachesTheClientAsItsStatus() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      assertThatThrownBy(() -> client.call(SERVICE, "Refuse", bytes("x")))
          .isInstanceOfSatisfying(
              TtrpcException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
                assertThat(e.statusMessage()).isEqualTo("no room");
              });
      assertThatThrownBy(() -> client.call(SERVICE, "Broken", bytes("x")))
          .isInstanceOfSatisfying(
              TtrpcException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
                assertThat(e.statusMessage()).isEqualTo("bug");
              });
    }
  }

  @Test
  void theDeadlineAnswersAndCancelsTheAnswerStillToCome() throws Exception {
    try (TtrpcClient client = fixture.client()) {
      assertThatThrownBy(
              () ->
                  client.call(
                      SERVICE, "Later", bytes("x"), CallOptions.timeout(Duration.ofMillis(200))))
          .isInstanceOfSatisfying(
              TtrpcException.class,
              e -> assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED));
      CompletableFuture<byte[]> response = returned.poll();
      assertThat(response).isNotNull();
      Await.until(response::isCancelled);
      // The work upstream of it may still finish: its late answer goes nowhere.
      waiting.poll().complete(bytes(" late"));
      // The connection carries on.
      CompletableFuture<byte[]> next =
          client.callAsync(SERVICE, "Later", bytes("next"), CallOptions.DEFAULT);
      while (waiting.isEmpty()) {
        Thread.sleep(5);
      }
      waiting.poll().complete(bytes(" in time"));
      assertThat(next.get(30, TimeUnit.SECONDS))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("next in time");
    }
  }

  /** Polls until true; the test's own timeout bounds it. */
  private static final class Await {
    static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
      while (!condition.getAsBoolean()) {
        Thread.sleep(5);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dev.osc.ttrpc;

import static dev.osc.ttrpc.bench.EchoService.NAME;
import static dev.osc.ttrpc.bench.EchoService.bytesValue;
import static dev.osc.ttrpc.bench.EchoService.readBytesValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer that breaks the protocol gets the status Go ttrpc would send, and hurts nobody else. */
class ProtocolErrorsTest {
  private Fixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new Fixture();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void evenStreamIdIsRejected() throws Exception {
    try (RawConnection raw = fixture.raw()) {
      raw.request(2, NAME, "Echo", bytesValue(new byte[] {1}), 0);
      Envelope.Response r = raw.readResponse(2);
      assertThat(r.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
      assertThat(r.message()).isEqualTo("StreamID must be odd for client initiated streams");
      raw.request(1, NAME, "Echo", bytesValue(new byte[] {1}), 0);
      assertThat(raw.readResponse(1).code()).isEqualTo(StatusCode.OK);
    }
  }

  @Test
  void reusedOrDecreasingStreamIdIsRejected() throws Exception {
    try (RawConnection raw = fixture.raw()) {
      raw.request(5, NAME, "Echo", new byte[0], 0);
      assertThat(raw.readResponse(5).code()).isEqualTo(StatusCode.OK);
      for (int id : new int[] {5, 3}) {
        raw.request(id, NAME, "Echo", new byte[0], 0);
        Envelope.Response r = raw.readResponse(id);
        assertThat(r.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(r.message()).isEqualTo("StreamID cannot be re-used and must increment");
      }
    }
  }

  @Test
  void oversizedFrameIsDiscardedAndAnswered() throws Exception {
    try (RawConnection raw = fixture.raw()) {
      int length = Wire.MAX_MESSAGE_LENGTH + 1;
      byte[] frame = new byte[Wire.HEADER_LENGTH + length];
      frame[0] = (byte) (length >>> 24);
      frame[1] = (byte) (length >>> 16);
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
      frame[7] = 1; // stream 1
      frame[8] = Wire.TYPE_REQUEST;
      raw.sendBytes(frame);
      Envelope.Response r = raw.readResponse(1);
      assertThat(r.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
      assertThat(r.message())
          .isEqualTo("message length 4194305 exceed maximum message size of 4194304");
      raw.request(3, NAME, "Echo", bytesValue(new byte[] {7}), 0);
      assertThat(readBytesValue(raw.readResponse(3).payload())).containsExactly(7);
    }
  }

  @Test
  void undecodableRequestIsAnsweredAndTheConnectionCarriesOn() throws Exception {
    try (RawConnection raw = fixture.raw()) {
      raw.send(1, Wire.TYPE_REQUEST, new byte[] {0x0a, 0x7f, 'x'});
      Envelope.Response r = raw.readResponse(1);
      assertThat(r.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
      assertThat(r.message()).startsWith("unmarshal request error: ");
      raw.request(3, NAME, "Echo", new byte[0], 0);
      assertThat(raw.readResponse(3).code()).isEqualTo(StatusCode.OK);
    }
  }

  @Test
  void garbageClosesOnlyThatConnection() throws Exception {
    try (TtrpcClient bystander = fixture.client();
        RawConnection raw = fixture.raw()) {
      CompletableFuture<byte[]> inFlight =
          bystander.callAsync(
              NAME, "Sleep", dev.osc.ttrpc.bench.EchoService.int64Value(200), CallOptions.DEFAULT);
      byte[] garbage = new byte[64 * 1024];
      new Random(42).nextBytes(garbage);
      garbage[0] =
          0; // a small length, so the server reads frames rather than discarding one huge one
      raw.sendBytes(garbage);
      raw.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      raw.conn.close();

      assertThat(inFlight.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(readBytesValue(bystander.call(NAME, "Echo", bytesValue(new byte[] {1, 2}))))
          .containsExactly(1, 2);
      try (TtrpcClient newcomer = fixture.client()) {
        assertThat(newcomer.call(NAME, "Echo", new byte[0])).isEmpty();
      }
    }
  }

  @Test
  void clientDiscardsOversizedResponseAndKeepsTheConnection() throws Exception {
    // A fake server that answers stream 1 with an oversized frame, then stream 3 properly.
    Path socket = fixture.dir.resolve("fake.sock");
    try (Listener listener = UnixSockets.listen(socket)) {
      CompletableFuture<Void> fake =
          CompletableFuture.runAsync(
              () -> {
                try (RawConnection peer = new RawConnection(listener.accept())) {
                  peer.read();
                  byte[] header = {0, 0x50, 0, 0, 0, 0, 0, 1, Wire.TYPE_RESPONSE, 0};
                  peer.sendBytes(header);
                  peer.sendBytes(new byte[0x500000]);
                  Frame second = peer.read();
                  peer.send(
                      second.streamId(),
                      Wire.TYPE_RESPONSE,
                      Envelope.encode(
                          new Envelope.Response(StatusCode.OK, "", bytesValue(new byte[] {9}))));
                  peer.read(); // until the client closes
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      try (TtrpcClient client = new TtrpcClient(UnixSockets.connect(socket))) {
        assertThatThrownBy(
                () ->
                    client.call(
                        NAME, "Echo", new byte[0], CallOptions.timeout(Duration.ofSeconds(10))))
            .isInstanceOfSatisfying(
                TtrpcException.class,
                e -> assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED));
        assertThat(
                readBytesValue(
                    client.call(
                        NAME, "Echo", new byte[0], CallOptions.timeout(Duration.ofSeconds(10)))))
            .containsExactly(9);
      }
      fake.get(10, TimeUnit.SECONDS);
    }
  }
}

package dev.osc.ttrpc;

import static dev.osc.ttrpc.bench.EchoService.NAME;
import static dev.osc.ttrpc.bench.EchoService.bytesValue;
import static dev.osc.ttrpc.bench.EchoService.int64Value;
import static dev.osc.ttrpc.bench.EchoService.readBytesValue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.ttrpc.bench.EchoService;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server connections on unix sockets are all read by one shared thread: many of them cost no thread
 * each, and a peer that sends in dribbles, stops reading or breaks off mid-frame affects no other
 * connection.
 */
class UnixConnectionsTest {
  private static final int HANDLERS = 4;
  private static final CallOptions GUARD = CallOptions.timeout(Duration.ofSeconds(30));

  private Path dir;
  private Path socket;
  private TtrpcServer server;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("ttrpc");
    socket = dir.resolve("s.sock");
    server = new TtrpcServer(HANDLERS).register(EchoService.definition());
    server.serve(UnixSockets.listen(socket));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }

  @Test
  void threeHundredConnectionsAddNoThreadPerConnection() throws Exception {
    long before = threads("ttrpc-");
    List<RawConnection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) connections.add(raw());
      for (int i = 0; i < connections.size(); i++) {
        connections.get(i).request(1, NAME, "Echo", bytesValue(number(i)), 0);
      }
      for (int i = 0; i < connections.size(); i++) {
        assertThat(readBytesValue(connections.get(i).readResponse(1).payload()))
            .isEqualTo(number(i));
      }
      // All 300 are still open: at most the handler pool and the shared selector were added.
      assertThat(threads("ttrpc-") - before).isLessThanOrEqualTo(HANDLERS + 1);
      assertThat(threads("ttrpc-conn-")).isZero();
    } finally {
      for (RawConnection c : connections) c.close();
    }
  }

  @Test
  void frameWrittenByteByByteIsServed() throws Exception {
    try (RawConnection raw = raw()) {
      byte[] request = requestFrame(1, bytesValue(new byte[] {4, 2}));
      for (byte b : request) raw.sendBytes(new byte[] {b});
      assertThat(readBytesValue(raw.readResponse(1).payload())).containsExactly(4, 2);

      // and two frames in one write are both served
      ByteArrayOutputStream two = new ByteArrayOutputStream();
      two.writeBytes(requestFrame(3, bytesValue(new byte[] {3})));
      two.writeBytes(requestFrame(5, bytesValue(new byte[] {5})));
      raw.sendBytes(two.toByteArray());
      Map<Integer, byte[]> answers = readAnswers(raw, 2);
      assertThat(answers.get(3)).containsExactly(3);
      assertThat(answers.get(5)).containsExactly(5);
    }
  }

  @Test
  void clientThatStopsReadingALargeResponseBlocksNoOtherConnection() throws Exception {
    try (RawConnection stuck = raw();
        TtrpcClient other = new TtrpcClient(UnixSockets.connect(socket))) {
      int big = 4_000_000; // far more than the socket buffers hold
      stuck.request(1, NAME, "Big", int64Value(big), 0);
      stuck.request(3, NAME, "Echo", bytesValue(new byte[] {3}), 0);
      for (int i = 0; i < 50; i++) {
        assertThat(readBytesValue(other.call(NAME, "Echo", bytesValue(number(i)), GUARD)))
            .isEqualTo(number(i));
      }
      Map<Integer, byte[]> answers = readAnswers(stuck, 2);
      assertThat(answers.get(1)).hasSize(big);
      assertThat(answers.get(3)).containsExactly(3);
    }
  }

  @Test
  void peerFloodingBadFramesWithoutReadingBlocksNoOtherConnection() throws Exception {
    int frames = 20_000; // answers far over the socket buffers: the server must stop reading it
    try (RawConnection flooder = raw();
        TtrpcClient other = new TtrpcClient(UnixSockets.connect(socket))) {
      byte[] even = requestFrame(2, new byte[0]);
      CompletableFuture<Void> flood =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < frames; i++) flooder.sendBytes(even);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      for (int i = 0; i < 50; i++) {
        assertThat(readBytesValue(other.call(NAME, "Echo", bytesValue(number(i)), GUARD)))
            .isEqualTo(number(i));
      }
      for (int i = 0; i < frames; i++) {
        Envelope.Response r = flooder.readResponse(2);
        assertThat(r.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(r.message()).isEqualTo("StreamID must be odd for client initiated streams");
      }
      flood.get(30, TimeUnit.SECONDS);
      flooder.request(1, NAME, "Echo", bytesValue(new byte[] {1}), 0);
      assertThat(readBytesValue(flooder.readResponse(1).payload())).containsExactly(1);
    }
  }

  @Test
  void oversizedFrameIsAnsweredAndTheFrameAfterItInTheSameWriteServed() throws Exception {
    try (RawConnection raw = raw()) {
      int length = Wire.MAX_MESSAGE_LENGTH + 100;
      ByteBuffer both = ByteBuffer.allocate(Wire.HEADER_LENGTH + length + 100);
      both.putInt(length).putInt(1).put(Wire.TYPE_REQUEST).put((byte) 0).put(new byte[length]);
      both.put(requestFrame(3, bytesValue(new byte[] {3})));
      raw.sendBytes(Arrays.copyOf(both.array(), both.position()));
      Envelope.Response r = raw.readResponse(1);
      assertThat(r.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
      assertThat(r.message())
          .isEqualTo("message length 4194404 exceed maximum message size of 4194304");
      assertThat(readBytesValue(raw.readResponse(3).payload())).containsExactly(3);
    }
  }

  @Test
  void endOfStreamInsideAFrameClosesOnlyThatConnection() throws Exception {
    try (TtrpcClient bystander = new TtrpcClient(UnixSockets.connect(socket));
        SocketChannel broken = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      CompletableFuture<byte[]> inFlight =
          bystander.callAsync(NAME, "Sleep", int64Value(200), GUARD);
      broken.connect(UnixDomainSocketAddress.of(socket));
      byte[] frame = requestFrame(1, bytesValue(new byte[20]));
      broken.write(ByteBuffer.wrap(frame, 0, frame.length / 2));
      broken.shutdownOutput();
      // The server closes its end: the half-closed peer reads the end of the stream.
      CompletableFuture<Integer> read =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return broken.read(ByteBuffer.allocate(64));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
      assertThat(inFlight.get(30, TimeUnit.SECONDS)).isNotNull();
      assertThat(readBytesValue(bystander.call(NAME, "Echo", bytesValue(new byte[] {9}), GUARD)))
          .containsExactly(9);
    }
  }

  private RawConnection raw() throws Exception {
    return new RawConnection(UnixSockets.connect(socket));
  }

  private static byte[] requestFrame(int streamId, byte[] payload) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FrameWriter(out)
        .write(
            streamId,
            Wire.TYPE_REQUEST,
            (byte) 0,
            Envelope.encode(new Envelope.Request(NAME, "Echo", payload, 0, Metadata.EMPTY)));
    return out.toByteArray();
  }

  /** The next {@code n} responses by stream id, in whatever order they come. */
  private static Map<Integer, byte[]> readAnswers(RawConnection raw, int n) throws Exception {
    Map<Integer, byte[]> answers = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Frame f = raw.read();
      Envelope.Response r = Envelope.decodeResponse(f.payload());
      assertThat(r.code()).as("stream %d", f.streamId()).isEqualTo(StatusCode.OK);
      answers.put(f.streamId(), readBytesValue(r.payload()));
    }
    return answers;
  }

  private static byte[] number(int i) {
    return Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static long threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }
}

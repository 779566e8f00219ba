package dev.osc.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames come out whole and in order however the bytes are cut into reads. */
class FrameAssemblerTest {
  private static final int OVERSIZED = Wire.MAX_MESSAGE_LENGTH + 1;

  /** Three frames and an oversized one in between: what each cut of the stream must give. */
  private static final byte[] STREAM =
      concat(
          frame(1, Wire.TYPE_REQUEST, new byte[] {1, 2, 3}),
          frame(3, Wire.TYPE_DATA, new byte[0]),
          frame(5, Wire.TYPE_REQUEST, new byte[OVERSIZED]),
          frame(-1, Wire.TYPE_REQUEST, pattern(100_000)));

  private static final List<String> EXPECTED =
      List.of(
          "1 type 1: 3 bytes",
          "3 type 3: 0 bytes",
          "oversized 5: " + OVERSIZED + " bytes",
          "4294967295 type 1: 100000 bytes");

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 9, 10, 11, 4096, 65536, Integer.MAX_VALUE})
  void framesComeOutWholeWhateverTheReadSize(int readSize) {
    FrameAssembler frames = new FrameAssembler();
    List<String> seen = new ArrayList<>();
    for (int off = 0; off < STREAM.length; ) {
      int n = Math.min(readSize, STREAM.length - off);
      ByteBuffer read = ByteBuffer.wrap(STREAM, off, n);
      seen.addAll(drain(frames, read));
      assertThat(read.hasRemaining()).isFalse();
      off += n;
      assertThat(frames.midFrame()).as("after %d bytes", off).isEqualTo(!atFrameBoundary(off));
    }
    assertThat(seen).isEqualTo(EXPECTED);
    assertThat(frames.midFrame()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 10, 13, 20})
  void endOfStreamInsideAFrameIsSeenAsSuch(int received) {
    FrameAssembler frames = new FrameAssembler();
    byte[] one = frame(7, Wire.TYPE_REQUEST, new byte[10]); // 20 bytes
    assertThat(drain(frames, ByteBuffer.wrap(one, 0, received))).hasSize(received == 20 ? 1 : 0);
    assertThat(frames.midFrame()).isEqualTo(received < 20);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000})
  void payloadIsTheFramesBytes(int length) {
    byte[] payload = pattern(length);
    Frame f = drain1(new FrameAssembler(), ByteBuffer.wrap(frame(9, (byte) 7, payload)));
    assertThat(f.payload()).isEqualTo(payload);
    assertThat(f.flags()).isEqualTo((byte) 0x5a);
    assertThat(f.type()).isEqualTo((byte) 7);
  }

  private static boolean atFrameBoundary(int consumed) {
    int boundary = 0;
    for (int length : new int[] {13, 10, 10 + OVERSIZED, 100_010}) {
      boundary += length;
      if (consumed == boundary) return true;
    }
    return false;
  }

  private static Frame drain1(FrameAssembler frames, ByteBuffer in) {
    try {
      return frames.next(in);
    } catch (OversizedFrameException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> drain(FrameAssembler frames, ByteBuffer in) {
    List<String> out = new ArrayList<>();
    while (true) {
      try {
        Frame f = frames.next(in);
        if (f == null) return out;
        out.add(f.unsignedStreamId() + " type " + f.type() + ": " + f.payload().length + " bytes");
        if (f.streamId() == -1) assertThat(f.payload()).isEqualTo(pattern(100_000));
      } catch (OversizedFrameException e) {
        out.add("oversized " + Integer.toUnsignedString(e.streamId) + ": " + e.length + " bytes");
      }
    }
  }

  static byte[] frame(int streamId, byte type, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(Wire.HEADER_LENGTH + payload.length);
    b.putInt(payload.length).putInt(streamId).put(type).put((byte) 0x5a).put(payload);
    return b.array();
  }

  static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) b[i] = (byte) (i * 31 + 7);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(parts).forEach(out::writeBytes);
    return out.toByteArray();
  }
}

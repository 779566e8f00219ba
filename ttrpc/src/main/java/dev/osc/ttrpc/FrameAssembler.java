package dev.osc.ttrpc;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits frames out of bytes as a non-blocking connection delivers them, in pieces of any size:
 * {@link FrameReader}'s rules (10-byte header; a frame over {@link Wire#MAX_MESSAGE_LENGTH} is
 * discarded, then reported) on a buffer that accumulates one frame at a time. Used by one thread.
 */
final class FrameAssembler {
  /** First allocation for a payload; it grows as its bytes arrive, up to the announced length. */
  private static final int INITIAL_PAYLOAD = 16 * 1024;

  private final byte[] header = new byte[Wire.HEADER_LENGTH];
  private int headerFilled;
  private long length; // of the frame whose header is complete
  private byte[] payload;
  private int payloadFilled;
  private long discardLeft; // bytes of an oversized frame still to skip

  /**
   * The next whole frame from the bytes received so far and {@code in}, or null once {@code in} is
   * used up without completing one.
   *
   * @throws OversizedFrameException for a frame over the limit, once all its bytes are discarded
   */
  Frame next(ByteBuffer in) throws OversizedFrameException {
    while (true) {
      if (headerFilled < header.length) {
        int n = Math.min(in.remaining(), header.length - headerFilled);
        in.get(header, headerFilled, n);
        headerFilled += n;
        if (headerFilled < header.length) return null;
        length = Integer.toUnsignedLong(FrameReader.int32(header, 0));
        if (length > Wire.MAX_MESSAGE_LENGTH) {
          discardLeft = length;
        } else {
          payload = new byte[(int) Math.min(length, INITIAL_PAYLOAD)];
          payloadFilled = 0;
        }
      }
      if (discardLeft > 0) {
        int n = (int) Math.min(in.remaining(), discardLeft);
        in.position(in.position() + n);
        discardLeft -= n;
        if (discardLeft > 0) return null;
        headerFilled = 0;
        throw new OversizedFrameException(FrameReader.int32(header, 4), length);
      }
      if (payloadFilled == payload.length && payload.length < length) {
        payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
      }
      int n = Math.min(in.remaining(), payload.length - payloadFilled);
      in.get(payload, payloadFilled, n);
      payloadFilled += n;
      if (payloadFilled == length) {
        Frame frame = new Frame(FrameReader.int32(header, 4), header[8], header[9], payload);
        headerFilled = 0;
        payload = null;
        return frame;
      }
      if (!in.hasRemaining()) return null;
    }
  }

  /** True when part of a frame has arrived: the stream ending now ends inside a frame. */
  boolean midFrame() {
    return headerFilled > 0;
  }
}

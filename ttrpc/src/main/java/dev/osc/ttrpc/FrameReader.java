package dev.osc.ttrpc;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads frames from one connection; used by a single reader thread. */
final class FrameReader {
  private final InputStream in;
  private final byte[] header = new byte[Wire.HEADER_LENGTH];

  FrameReader(InputStream in) {
    this.in = new BufferedInputStream(in, 64 * 1024);
  }

  /**
   * The next frame, or null at a clean end of stream (between frames).
   *
   * @throws OversizedFrameException for a frame over the limit, after discarding its bytes
   * @throws EOFException when the stream ends inside a frame
   */
  Frame read() throws IOException {
    int n = in.readNBytes(header, 0, header.length);
    if (n == 0) return null;
    if (n < header.length) throw new EOFException("connection closed inside a frame header");
    long length = Integer.toUnsignedLong(int32(header, 0));
    int streamId = int32(header, 4);
    if (length > Wire.MAX_MESSAGE_LENGTH) {
      discard(length);
      throw new OversizedFrameException(streamId, length);
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length)
      throw new EOFException("connection closed inside a frame of " + length + " bytes");
    return new Frame(streamId, header[8], header[9], payload);
  }

  private void discard(long length) throws IOException {
    long left = length;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) throw new EOFException("connection closed inside an oversized frame");
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** The big-endian 32-bit header field at {@code off}. */
  static int int32(byte[] header, int off) {
    return (header[off] & 0xff) << 24
        | (header[off + 1] & 0xff) << 16
        | (header[off + 2] & 0xff) << 8
        | (header[off + 3] & 0xff);
  }
}

package dev.osc.ttrpc;

import java.io.IOException;
import java.io.OutputStream;

/** Writes whole frames to one connection; thread-safe, one frame at a time. */
final class FrameWriter {
  /** Sends one encoded frame whole; frames sent concurrently never interleave. */
  interface Sender {
    void send(byte[] frame) throws IOException;
  }

  private final Sender sender;

  FrameWriter(OutputStream out) {
    this(locked(out));
  }

  FrameWriter(Sender sender) {
    this.sender = sender;
  }

  /**
   * Writes one frame and flushes it.
   *
   * @throws TtrpcException RESOURCE_EXHAUSTED if the payload is over the limit; nothing is written
   */
  void write(int streamId, byte type, byte flags, byte[] payload)
      throws IOException, TtrpcException {
    if (payload.length > Wire.MAX_MESSAGE_LENGTH) throw TtrpcException.oversized(payload.length);
    byte[] frame = new byte[Wire.HEADER_LENGTH + payload.length];
    putInt32(frame, 0, payload.length);
    putInt32(frame, 4, streamId);
    frame[8] = type;
    frame[9] = flags;
    System.arraycopy(payload, 0, frame, Wire.HEADER_LENGTH, payload.length);
    sender.send(frame);
  }

  /**
   * One write per frame under a lock: frames of concurrent calls never interleave, and TLS sends
   * one record run.
   */
  private static Sender locked(OutputStream out) {
    Object lock = new Object();
    return frame -> {
      synchronized (lock) {
        out.write(frame);
        out.flush();
      }
    };
  }

  private static void putInt32(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}

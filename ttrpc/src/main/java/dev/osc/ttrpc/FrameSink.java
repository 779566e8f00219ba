package dev.osc.ttrpc;

import java.io.IOException;

/** What a connection's reader hands over: frames in order, then the end of the stream. */
interface FrameSink {
  void receive(Frame frame);

  /** A frame over the limit whose bytes were discarded; the stream is still in sync. */
  void oversized(OversizedFrameException e);

  /** The stream ended: {@code cause} is null at a clean end between frames. */
  void ended(IOException cause);
}

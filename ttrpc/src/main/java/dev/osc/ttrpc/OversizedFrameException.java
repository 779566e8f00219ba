package dev.osc.ttrpc;

import java.io.IOException;

/**
 * A frame announced more than {@link Wire#MAX_MESSAGE_LENGTH} bytes. Its bytes have been read and
 * discarded, so the connection is still in sync: the receiver answers or fails that one stream with
 * RESOURCE_EXHAUSTED and carries on, as Go ttrpc does.
 */
final class OversizedFrameException extends IOException {
  final int streamId;
  final long length;

  OversizedFrameException(int streamId, long length) {
    super(
        "frame of "
            + length
            + " bytes on stream "
            + Integer.toUnsignedString(streamId)
            + " exceeds "
            + Wire.MAX_MESSAGE_LENGTH);
    this.streamId = streamId;
    this.length = length;
  }

  TtrpcException status() {
    return TtrpcException.oversized(length);
  }
}

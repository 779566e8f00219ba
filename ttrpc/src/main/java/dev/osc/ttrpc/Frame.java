package dev.osc.ttrpc;

/** One ttrpc frame: header fields and the payload that follows the 10-byte header. */
record Frame(int streamId, byte type, byte flags, byte[] payload) {
  /** The stream id as the unsigned value it is on the wire. */
  long unsignedStreamId() {
    return Integer.toUnsignedLong(streamId);
  }
}

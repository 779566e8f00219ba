package dev.osc.ttrpc;

/**
 * Wire constants of the containerd ttrpc protocol (v1.2.x): the frame header, message types and
 * flags. The envelopes in the frames are in src/main/proto/ttrpc.proto.
 */
public final class Wire {
  private Wire() {}

  /**
   * Header: uint32 BE length (excluding the header), uint32 BE stream id, type byte, flags byte.
   */
  public static final int HEADER_LENGTH = 10;

  /**
   * Largest frame payload either side accepts ({@code 4 << 20}); larger ones are ResourceExhausted.
   */
  public static final int MAX_MESSAGE_LENGTH = 4 << 20;

  public static final byte TYPE_REQUEST = 0x1;
  public static final byte TYPE_RESPONSE = 0x2;
  public static final byte TYPE_DATA = 0x3;

  public static final byte FLAG_REMOTE_CLOSED = 0x1;
  public static final byte FLAG_REMOTE_OPEN = 0x2;
  public static final byte FLAG_NO_DATA = 0x4;
}

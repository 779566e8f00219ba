package dev.osc.ttrpc;

/**
 * Wire constants of the containerd ttrpc protocol (v1.2.x): the frame header, message types and
 * flags, and the field numbers of the {@code ttrpc.Request} / {@code ttrpc.Response} envelopes.
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

  // ttrpc.Request
  static final int REQUEST_SERVICE = 1;
  static final int REQUEST_METHOD = 2;
  static final int REQUEST_PAYLOAD = 3;
  static final int REQUEST_TIMEOUT_NANO = 4;
  static final int REQUEST_METADATA = 5;
  // ttrpc.KeyValue
  static final int KEY_VALUE_KEY = 1;
  static final int KEY_VALUE_VALUE = 2;
  // ttrpc.Response
  static final int RESPONSE_STATUS = 1;
  static final int RESPONSE_PAYLOAD = 2;
  // google.rpc.Status (details = 3, repeated Any, is neither sent nor read)
  static final int STATUS_CODE = 1;
  static final int STATUS_MESSAGE = 2;
}

package dev.osc.ttrpc;

/** The google.rpc status codes ttrpc carries in {@code Response.status.code}. */
public enum StatusCode {
  OK(0),
  CANCELLED(1),
  UNKNOWN(2),
  INVALID_ARGUMENT(3),
  DEADLINE_EXCEEDED(4),
  NOT_FOUND(5),
  ALREADY_EXISTS(6),
  PERMISSION_DENIED(7),
  RESOURCE_EXHAUSTED(8),
  FAILED_PRECONDITION(9),
  ABORTED(10),
  OUT_OF_RANGE(11),
  UNIMPLEMENTED(12),
  INTERNAL(13),
  UNAVAILABLE(14),
  DATA_LOSS(15),
  UNAUTHENTICATED(16);

  private static final StatusCode[] BY_VALUE = values();

  private final int value;

  StatusCode(int value) {
    this.value = value;
  }

  /** The numeric code on the wire. */
  public int value() {
    return value;
  }

  /** The code for a wire value; values this enum does not know map to UNKNOWN, as gRPC does. */
  public static StatusCode of(int value) {
    for (StatusCode code : BY_VALUE) {
      if (code.value == value) {
        return code;
      }
    }
    return UNKNOWN;
  }
}

package dev.osc.ttrpc;

/** The google.rpc status codes ttrpc carries in {@code Response.status.code}. */
public enum StatusCode {
  OK,
  CANCELLED,
  UNKNOWN,
  INVALID_ARGUMENT,
  DEADLINE_EXCEEDED,
  NOT_FOUND,
  ALREADY_EXISTS,
  PERMISSION_DENIED,
  RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION,
  ABORTED,
  OUT_OF_RANGE,
  UNIMPLEMENTED,
  INTERNAL,
  UNAVAILABLE,
  DATA_LOSS,
  UNAUTHENTICATED;

  private static final StatusCode[] BY_VALUE = values();

  /** The numeric code on the wire (the enum is declared in wire order). */
  public int value() {
    return ordinal();
  }

  /** The code for a wire value; values this enum does not know map to UNKNOWN, as gRPC does. */
  public static StatusCode of(int value) {
    return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
  }
}

package dev.osc.ttrpc;

/**
 * A failed ttrpc call: the status the server sent, or a local failure mapped to a status code
 * (UNAVAILABLE for a dead connection, DEADLINE_EXCEEDED for a local timeout, RESOURCE_EXHAUSTED for
 * an oversized message). Handlers throw it to answer with a specific code.
 */
public class TtrpcException extends Exception {
  private final StatusCode code;
  private final String statusMessage;

  public TtrpcException(StatusCode code, String message) {
    this(code, message, null);
  }

  public TtrpcException(StatusCode code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    if (code == StatusCode.OK)
      throw new IllegalArgumentException("a failure cannot have status OK");
    this.code = code;
    this.statusMessage = message;
  }

  /** The status code. */
  public StatusCode code() {
    return code;
  }

  /** The status message as sent on the wire (without the code prefix of {@link #getMessage()}). */
  public String statusMessage() {
    return statusMessage;
  }

  static TtrpcException oversized(long length) {
    return new TtrpcException(
        StatusCode.RESOURCE_EXHAUSTED,
        "message length " + length + " exceed maximum message size of " + Wire.MAX_MESSAGE_LENGTH);
  }
}

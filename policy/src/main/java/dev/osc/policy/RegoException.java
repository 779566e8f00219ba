package dev.osc.policy;

/** A parse, compile or evaluation error; the message starts with file:line:col when known. */
public class RegoException extends RuntimeException {
  public RegoException(String message) {
    super(message);
  }

  static RegoException at(Pos pos, String message) {
    return new RegoException(pos == null ? message : pos + ": " + message);
  }
}

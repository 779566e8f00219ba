package dev.osc.api.peerpods;

/** Thrown by a {@link Parser}: why a value is not acceptable, without the value itself. */
public final class InvalidValue extends RuntimeException {
  public InvalidValue(String reason) {
    super(reason, null, false, false);
  }
}

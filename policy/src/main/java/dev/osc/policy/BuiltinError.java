package dev.osc.policy;

/** A builtin's failure; non-strict evaluation turns it into an undefined expression. */
final class BuiltinError extends RuntimeException {
  BuiltinError(String message) {
    super(message, null, false, false);
  }
}

package dev.osc.policy;

/**
 * Rego's null, true and false, shared. They live outside {@link Value}: an interface with default
 * methods is initialised with its implementing records, so constants there that create those
 * records could deadlock two threads initialising both at once.
 */
final class Values {
  static final Value NULL = new Value.Null();
  static final Value TRUE = new Value.Bool(true);
  static final Value FALSE = new Value.Bool(false);

  private Values() {}
}

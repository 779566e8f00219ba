package dev.osc.api.peerpods;

/** Turns a set value (trimmed, never blank) into what the adaptor uses. */
@FunctionalInterface
public interface Parser<T> {
  /** The value, or {@link InvalidValue} saying why not (never quoting the value). */
  T parse(String value);
}

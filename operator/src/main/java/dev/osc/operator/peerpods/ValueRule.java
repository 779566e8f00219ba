package dev.osc.operator.peerpods;

import java.util.Optional;

/** What a ConfigMap value must look like. */
@FunctionalInterface
interface ValueRule {
  /** Why the (non-blank) value is not acceptable; empty when it is. */
  Optional<String> problem(String value);
}

package dev.osc.webhook;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities as exact numbers, refusing what the API server could not have sent. */
final class Quantities {
  private Quantities() {}

  /** The API server's quantities fit in an int64 and are positive in pod resources. */
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** Kubernetes rounds finer quantities up to 1n; so do we, which keeps every scale small. */
  private static final BigDecimal NANO = new BigDecimal("1e-9");

  /** Far longer than any real quantity; bounds the cost of parsing. */
  private static final int MAX_LENGTH = 64;

  /** The amount ("500m" is 0.5, "1Gi" is 1073741824); zero when absent. */
  static BigDecimal parse(Quantity quantity, String field) {
    if (quantity == null) {
      return BigDecimal.ZERO;
    }
    String text = quantity.toString();
    if (text.length() > MAX_LENGTH) {
      throw new BadAdmissionRequest(
          field + ": invalid quantity: longer than " + MAX_LENGTH + " characters");
    }
    BigDecimal amount;
    try {
      amount = Quantity.getAmountInBytes(quantity);
    } catch (RuntimeException e) {
      throw invalid(field, text, "not a quantity");
    }
    if (amount.signum() < 0 || amount.compareTo(MAX) > 0) {
      throw invalid(field, text, "out of range");
    }
    if (amount.signum() > 0 && amount.compareTo(NANO) < 0) {
      return NANO;
    }
    return amount.scale() > 9 ? amount.setScale(9, RoundingMode.CEILING) : amount;
  }

  private static BadAdmissionRequest invalid(String field, String text, String why) {
    return new BadAdmissionRequest(field + ": invalid quantity \"" + text + "\": " + why);
  }
}

package dev.osc.webhook;

import dev.osc.api.Conditions;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.SpecValidator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Validates KataConfigs before the API server stores them: only one may exist (refused at creation,
 * where the reconciler could only ignore it afterwards), and its spec must be one the operator can
 * apply (the reconciler's own {@link SpecValidator}, on creation and update).
 */
public final class KataConfigAdmission {
  /** Kubernetes' codes for the two refusals: a policy (Forbidden) and field errors (Invalid). */
  static final int FORBIDDEN = 403;

  static final int INVALID = 422;
  static final int INTERNAL_ERROR = 500;

  private final Supplier<List<String>> existingNames;

  /**
   * @param existingNames the names of the KataConfigs in the cluster; it may throw when it cannot
   *     tell, and the creation is then refused
   */
  public KataConfigAdmission(Supplier<List<String>> existingNames) {
    this.existingNames = existingNames;
  }

  public Verdict admit(String operation, KataConfig kataConfig) {
    boolean create = "CREATE".equals(operation);
    if (!create && !"UPDATE".equals(operation)) {
      return Verdict.allow();
    }
    if (create) {
      String name = kataConfig.getMetadata() == null ? null : kataConfig.getMetadata().getName();
      List<String> others;
      try {
        // Its own name is left out: creating it again fails with AlreadyExists, which says more.
        others = existingNames.get().stream().filter(n -> !n.equals(name)).sorted().toList();
      } catch (RuntimeException e) {
        return Verdict.deny(INTERNAL_ERROR, Conditions.failedToListKataConfigs(e.getMessage()));
      }
      if (!others.isEmpty()) {
        return Verdict.deny(FORBIDDEN, Conditions.duplicateRefused(String.join(", ", others)));
      }
    }
    List<String> errors = SpecValidator.validate(kataConfig.getSpec());
    return errors.isEmpty() ? Verdict.allow() : Verdict.deny(INVALID, String.join("; ", errors));
  }
}

package dev.osc.operator.k8s;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import java.util.Arrays;

/**
 * Every reason the operator's Events give, spelled as the documentation and upstream do, each with
 * the one type it is recorded as.
 */
public enum EventReason {
  INSTALLING(Conditions.REASON_INSTALLING, Type.NORMAL),
  UPDATING(Conditions.REASON_UPDATING, Type.NORMAL),
  UNINSTALLING(Conditions.REASON_UNINSTALLING, Type.NORMAL),
  /** The InProgress condition's empty reason: everything is installed. */
  INSTALLED("Installed", Type.NORMAL),
  UNINSTALLED("Uninstalled", Type.NORMAL),
  FAILED(Conditions.REASON_FAILED, Type.WARNING),
  BLOCKED(Conditions.REASON_BLOCKED, Type.WARNING),
  INVALID(Conditions.REASON_INVALID, Type.WARNING),
  INVALID_PEER_PODS(Conditions.REASON_INVALID_PEER_PODS, Type.WARNING),
  DUPLICATE(Conditions.REASON_DUPLICATE, Type.WARNING),
  NO_ELIGIBLE_NODES(Conditions.REASON_NO_ELIGIBLE_NODES, Type.WARNING),
  INVALID_LIMIT("InvalidLimit", Type.WARNING),
  LIMIT_APPLIED("LimitApplied", Type.NORMAL),
  IMAGE_JOB_RUNNING(Names.REASON_IMAGE_JOB_RUNNING, Type.NORMAL),
  IMAGE_JOB_COMPLETED(Names.REASON_IMAGE_JOB_COMPLETED, Type.NORMAL),
  IMAGE_JOB_FAILED(Names.REASON_IMAGE_JOB_FAILED, Type.WARNING),
  /** A key of {@code <provider>-podvm-image-cm} the image Job does not honour. */
  UNSUPPORTED_IMAGE_KEY("UnsupportedPodVMImageKey", Type.WARNING);

  /** An Event's type as Kubernetes spells it. */
  public enum Type {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String value;

    Type(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  private final String value;
  private final Type type;

  EventReason(String value, Type type) {
    this.value = value;
    this.type = type;
  }

  public String value() {
    return value;
  }

  public Type type() {
    return type;
  }

  /** The Event for a KataConfig condition's reason ("" is INSTALLED). */
  public static EventReason ofCondition(String conditionReason) {
    if (conditionReason.isEmpty()) {
      return INSTALLED;
    }
    return Arrays.stream(values())
        .filter(r -> r.value.equals(conditionReason))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no Event reason for the condition" + " reason " + conditionReason));
  }
}

package dev.osc.api.v1;

/**
 * The label-selector operators; only used to give the CRD schema of
 * kataConfigPoolSelector.matchExpressions[].operator its enum, so the API server rejects a
 * malformed selector naming the field.
 */
public enum SelectorOperator {
  In,
  NotIn,
  Exists,
  DoesNotExist
}

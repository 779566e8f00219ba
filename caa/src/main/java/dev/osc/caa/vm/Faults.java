package dev.osc.caa.vm;

/**
 * Where tests make the adaptor die between two writes. An {@link Error} thrown here is a crash:
 * nothing is cleaned up on the way out, exactly as when the process is killed.
 */
@FunctionalInterface
public interface Faults {
  Faults NONE = (step, sandboxId) -> {};

  void at(Step step, String sandboxId);
}

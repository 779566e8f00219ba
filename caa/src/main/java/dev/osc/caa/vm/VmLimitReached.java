package dev.osc.caa.vm;

/** The node runs as many peer pod VMs as its limit ({@link VmLimit}) allows. */
public final class VmLimitReached extends IllegalStateException {
  VmLimitReached(String message) {
    super(message);
  }
}

package dev.osc.caa.vm;

/** The node runs as many peer pod VMs as PEERPODS_LIMIT_PER_NODE allows. */
public final class VmLimitReached extends IllegalStateException {
  VmLimitReached(String message) {
    super(message);
  }
}

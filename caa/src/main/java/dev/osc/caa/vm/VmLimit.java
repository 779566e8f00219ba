package dev.osc.caa.vm;

import dev.osc.api.peerpods.PeerPodsKeys;

/** How many pod VMs this node may run now, and where that number comes from (for messages). */
public interface VmLimit {
  int current();

  /** Such as {@code PEERPODS_LIMIT_PER_NODE = 10}. */
  String describe();

  /** A number that does not change: PEERPODS_LIMIT_PER_NODE, for an adaptor without a node. */
  static VmLimit fixed(int limit) {
    return new VmLimit() {
      @Override
      public int current() {
        return limit;
      }

      @Override
      public String describe() {
        return PeerPodsKeys.PEERPODS_LIMIT_PER_NODE + " = " + limit;
      }
    };
  }
}

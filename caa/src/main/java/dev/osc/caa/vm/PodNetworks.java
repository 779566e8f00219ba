package dev.osc.caa.vm;

import dev.osc.caa.net.PodTunnel;
import java.io.IOException;

/** The worker side of the pods' network tunnels. */
public interface PodNetworks {
  /** No tunnels (TUNNEL_TYPE none, or adaptors tested without pod namespaces). */
  PodNetworks NONE =
      new PodNetworks() {
        @Override
        public PodTunnel prepare(String sandboxId, String netnsPath) {
          return null;
        }

        @Override
        public void connect(PodTunnel tunnel, String vmAddress) {}

        @Override
        public void remove(PodTunnel tunnel) {}

        @Override
        public void restore(PodTunnel tunnel, String vmAddress) {}
      };

  /**
   * CreateVM: inspects the pod's namespace, gives the pod a VNI and makes its tunnel device, not
   * yet pointed anywhere; an error (IllegalArgumentException) names what is wrong and leaves
   * nothing made. Null when there are no tunnels.
   */
  PodTunnel prepare(String sandboxId, String netnsPath);

  /** StartVM: sends the pod's traffic to the VM at {@code vmAddress} and back. */
  void connect(PodTunnel tunnel, String vmAddress) throws IOException;

  /** Removes the tunnel; a no-op for null or when the pod's namespace is already gone. */
  void remove(PodTunnel tunnel);

  /** After a restart: keeps an adopted VM's tunnel, or makes it again if it is gone. */
  void restore(PodTunnel tunnel, String vmAddress) throws IOException;
}

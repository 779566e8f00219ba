package dev.osc.caa.vm;

import java.io.IOException;
import java.nio.file.Path;

/** Serves a sandbox's agent socket on the worker, relaying to the VM's forwarder. */
public interface ProxyStarter {
  /** Serves no socket: for adaptors tested without VMs that boot. */
  ProxyStarter NONE =
      new ProxyStarter() {
        @Override
        public void start(Sandbox sandbox, Path socket) {}

        @Override
        public void attach(Sandbox sandbox, Path socket) {}

        @Override
        public void stop(String sandboxId) {}
      };

  /** Serves {@code socket} for a started sandbox and returns once the VM answers. */
  void start(Sandbox sandbox, Path socket) throws IOException;

  /** Serves {@code socket} for an adopted sandbox, connecting in the background. */
  void attach(Sandbox sandbox, Path socket) throws IOException;

  /** Stops serving the sandbox's socket; a no-op for one not served. */
  void stop(String sandboxId);
}

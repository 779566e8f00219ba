package dev.osc.caa.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Serves a sandbox's agent socket on the worker, relaying to the VM's forwarder. */
public interface ProxyStarter {
  /** Serves no socket: for adaptors tested without VMs that boot. */
  ProxyStarter NONE =
      new ProxyStarter() {
        @Override
        public CompletableFuture<Void> start(Sandbox sandbox, Path socket, Executor executor) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void attach(Sandbox sandbox, Path socket, Executor executor) {}

        @Override
        public void stop(String sandboxId) {}
      };

  /**
   * Serves {@code socket} for a started sandbox; completes once the VM answers, or fails (serving
   * nothing) when it did not in time. {@code executor} runs what of it blocks.
   */
  CompletableFuture<Void> start(Sandbox sandbox, Path socket, Executor executor) throws IOException;

  /** Serves {@code socket} for an adopted sandbox, connecting in the background. */
  void attach(Sandbox sandbox, Path socket, Executor executor) throws IOException;

  /** Stops serving the sandbox's socket; a no-op for one not served. */
  void stop(String sandboxId);
}

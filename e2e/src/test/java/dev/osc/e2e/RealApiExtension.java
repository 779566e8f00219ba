package dev.osc.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.testkit.RealApi;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Starts a real API server for a test class, or skips it; the reason is printed once a run. */
final class RealApiExtension {
  private RealApiExtension() {}

  private static final AtomicBoolean SAID = new AtomicBoolean();

  static RealApi startOrSkip() {
    Optional<RealApi> api =
        RealApi.Binaries.find().isPresent() ? RealApi.startIfAvailable() : Optional.empty();
    if (api.isEmpty() && !SAID.getAndSet(true)) {
      System.err.println("e2e: skipped, no kube-apiserver/etcd test bed; " + RealApi.HOW_TO_GET);
    }
    assumeTrue(api.isPresent(), "no kube-apiserver/etcd test bed: " + RealApi.HOW_TO_GET);
    return api.get();
  }
}

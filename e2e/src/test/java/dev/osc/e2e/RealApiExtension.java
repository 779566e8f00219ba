package dev.osc.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.testkit.RealApi;
import java.util.Optional;

/** Starts a real API server for a test class, or skips the class with one clear line. */
final class RealApiExtension {
  private RealApiExtension() {}

  static RealApi startOrSkip(String testClass) {
    Optional<RealApi> api = RealApi.Binaries.find().isPresent()
        ? RealApi.startIfAvailable() : Optional.empty();
    if (api.isEmpty()) {
      System.err.println("e2e: " + testClass + " skipped: no kube-apiserver/etcd test bed; "
          + RealApi.HOW_TO_GET);
    }
    assumeTrue(api.isPresent(), "no kube-apiserver/etcd test bed: " + RealApi.HOW_TO_GET);
    return api.get();
  }
}

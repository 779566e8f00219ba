package dev.osc.ttrpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-call options: an optional timeout (sent as {@code timeout_nano} and enforced locally) and
 * metadata.
 *
 * @param timeout null for no deadline
 * @param metadata sent as {@code Request.metadata}
 */
public record CallOptions(Duration timeout, Metadata metadata) {
  /** No timeout, no metadata. */
  public static final CallOptions DEFAULT = new CallOptions(null, Metadata.EMPTY);

  public CallOptions {
    Objects.requireNonNull(metadata, "metadata");
    if (timeout != null && (timeout.isNegative() || timeout.isZero()))
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
  }

  /** Options with only a timeout. */
  public static CallOptions timeout(Duration timeout) {
    return new CallOptions(timeout, Metadata.EMPTY);
  }

  /** A copy with {@code values} added to metadata {@code key}. */
  public CallOptions withMetadata(String key, String... values) {
    return new CallOptions(timeout, metadata.with(key, values));
  }
}

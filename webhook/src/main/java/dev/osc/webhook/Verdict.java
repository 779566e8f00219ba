package dev.osc.webhook;

import java.util.List;

/**
 * What an admission decision came to: allowed, possibly with a JSON Patch, or refused with an
 * HTTP-like code and a message the user sees in kubectl's error.
 */
public record Verdict(boolean allowed, List<PatchOp> patch, int code, String message) {

  public static Verdict allow() {
    return new Verdict(true, List.of(), 200, null);
  }

  /** Allowed; a patch only when there is something to change. */
  public static Verdict patch(List<PatchOp> ops) {
    return new Verdict(true, List.copyOf(ops), 200, null);
  }

  public static Verdict deny(int code, String message) {
    return new Verdict(false, List.of(), code, message);
  }
}

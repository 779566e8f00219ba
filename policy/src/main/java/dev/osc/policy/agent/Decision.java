package dev.osc.policy.agent;

import java.util.List;

/**
 * The agent's answer to one request: whether it runs, the policy's print() lines, and the error
 * message the agent returns when it does not ("" when allowed).
 */
public record Decision(boolean allowed, List<String> prints, String message) {
  public Decision {
    prints = List.copyOf(prints);
  }
}

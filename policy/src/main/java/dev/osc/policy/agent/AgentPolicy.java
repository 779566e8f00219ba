package dev.osc.policy.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osc.policy.Engine;
import dev.osc.policy.Evaluation;
import dev.osc.policy.Rego;
import dev.osc.policy.RegoException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kata agent's policy enforcement: each request is the query data.agent_policy.<Request> with
 * the request as input. A boolean result decides; an object {allowed, ops} also applies the JSON
 * Patch ops to the data document, whose "pstate" holds state between requests. A policy that gives
 * no result, or an evaluation error, is an internal error, as in the agent. When the policy sets
 * AllowRequestsFailingPolicy, denials and errors are let through.
 */
public final class AgentPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(AgentPolicy.class);
  private static final String MODULE = "agent_policy";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Engine engine;
  private JsonNode data;
  private boolean allowFailures;

  private AgentPolicy(Engine engine) {
    install(engine);
  }

  /** Loads a policy; throws RegoException (with file:line:col) if it does not parse. */
  public static AgentPolicy of(String regoSource) {
    return new AgentPolicy(compile(regoSource));
  }

  private static Engine compile(String source) {
    return new Engine(List.of(Rego.parse(source, MODULE)));
  }

  /** A fresh engine resets the state, as the agent's set_policy does. */
  private void install(Engine e) {
    engine = e;
    ObjectNode d = F.objectNode();
    d.set("pstate", F.objectNode());
    data = d;
    allowFailures = false;
    Outcome o = query("AllowRequestsFailingPolicy", F.objectNode());
    allowFailures = o.error == null && o.allowed;
    if (allowFailures) {
      LOG.warn("policy: AllowRequestsFailingPolicy is enabled - will ignore errors");
    }
  }

  /** Decides one request; SetPolicyRequest ({"policy": text}) also replaces the policy. */
  public synchronized Decision decide(String requestName, JsonNode input) {
    Outcome o = query(requestName, input);
    if (o.error != null && !allowFailures) {
      return new Decision(false, o.prints, requestName + ": internal error: " + o.error);
    }
    boolean allowed = o.error != null || o.allowed || allowFailures;
    if (!allowed) {
      return new Decision(
          false, o.prints, requestName + " is blocked by policy: " + String.join(" ", o.prints));
    }
    if (requestName.equals("SetPolicyRequest")) {
      JsonNode policy = input == null ? null : input.get("policy");
      if (policy == null || !policy.isTextual()) {
        return new Decision(false, o.prints, "SetPolicyRequest: invalid argument: no policy");
      }
      try {
        install(compile(policy.textValue()));
      } catch (RegoException e) {
        return new Decision(
            false, o.prints, "SetPolicyRequest: invalid argument: " + e.getMessage());
      }
    }
    return new Decision(true, o.prints, "");
  }

  /** A copy of the data document the policy sees (its "pstate" is the policy state). */
  public synchronized JsonNode data() {
    return data.deepCopy();
  }

  public synchronized boolean allowsFailures() {
    return allowFailures;
  }

  private record Outcome(boolean allowed, List<String> prints, String error) {}

  private Outcome query(String ep, JsonNode input) {
    Evaluation ev;
    try {
      ev = engine.evaluate("data." + MODULE + "." + ep, input, data);
    } catch (RegoException e) {
      return new Outcome(false, List.of(), e.getMessage());
    }
    Optional<JsonNode> value = ev.value();
    if (value.isEmpty()) {
      return new Outcome(
          false,
          ev.prints(),
          "policy check: unexpected eval_query result: " + ep + " is undefined");
    }
    JsonNode v = value.get();
    if (v.isBoolean()) {
      return new Outcome(v.booleanValue(), ev.prints(), null);
    }
    if (v.isObject() && v.path("allowed").isBoolean()) {
      boolean allowed = v.get("allowed").booleanValue();
      JsonNode ops = v.get("ops");
      if (allowed && ops != null && !ops.isNull()) {
        try {
          data = JsonPatch.apply(data.deepCopy(), ops);
        } catch (IllegalArgumentException e) {
          return new Outcome(false, ev.prints(), "policy state update failed: " + e.getMessage());
        }
      }
      return new Outcome(allowed, ev.prints(), null);
    }
    return new Outcome(false, ev.prints(), "policy check: unexpected eval_query result type " + v);
  }
}

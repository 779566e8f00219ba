package dev.osc.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evaluates rule references over a set of modules. Each evaluation runs on its own thread with a
 * large stack, so the step and depth limits, not the JVM stack, bound a runaway policy.
 */
public final class Engine {
  public static final long DEFAULT_MAX_STEPS = 1_000_000;
  public static final int DEFAULT_MAX_DEPTH = 200;
  private static final long STACK_BYTES = 512L * 1024 * 1024;

  private final Program program;
  private final long maxSteps;
  private final int maxDepth;

  /** One or more modules; rules of the same package may be spread over several modules. */
  public Engine(List<Module> modules) {
    this(new Program(modules), DEFAULT_MAX_STEPS, DEFAULT_MAX_DEPTH);
  }

  private Engine(Program program, long maxSteps, int maxDepth) {
    this.program = program;
    this.maxSteps = maxSteps;
    this.maxDepth = maxDepth;
  }

  /** A copy that stops evaluation after maxSteps steps or maxDepth nested rule calls. */
  public Engine withLimits(long maxSteps, int maxDepth) {
    if (maxSteps <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    return new Engine(program, maxSteps, maxDepth);
  }

  /**
   * Evaluates a rule reference such as "data.agent_policy.ExecProcessRequest"; empty =
   * undefined. A null or missing input leaves input undefined; a null data is {}.
   */
  public Evaluation evaluate(String ref, JsonNode input, JsonNode data) {
    Term query = parseQuery(ref);
    Value in = input == null || input.isMissingNode() ? null : Json.fromNode(input);
    Value base = data == null || data.isNull() ? new Value.Obj(new java.util.TreeMap<>())
        : Json.fromNode(data);
    Interpreter interp = new Interpreter(program, in, base, maxSteps, maxDepth);
    TreeSet<Value> results = runWithLargeStack(() -> interp.query(query));
    if (results.size() > 1) {
      throw new RegoException(ref + ": query produced " + results.size() + " different values");
    }
    Optional<JsonNode> value = results.isEmpty() ? Optional.empty()
        : Optional.of(Json.toNode(results.first()));
    return new Evaluation(value, interp.prints());
  }

  private static Term parseQuery(String ref) {
    List<Token> toks = Lexer.tokenize(ref, "query");
    Parser parser = new Parser(toks, "query");
    Term t = parser.termIn();
    if (!parser.atEnd()) {
      throw new RegoException("query: unexpected input after " + ref);
    }
    return t;
  }

  private static <T> T runWithLargeStack(java.util.function.Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (StackOverflowError e) {
        failure.set(new RegoException("evaluation exhausted the stack"));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "rego-eval", STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new RegoException("evaluation interrupted");
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    return result.get();
  }
}

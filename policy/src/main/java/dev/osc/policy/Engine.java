package dev.osc.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates rule references over a set of modules. An evaluation too deep for the caller's stack
 * runs again on a thread with a large one, so the step and depth limits, not the JVM stack, bound a
 * runaway policy.
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
   * Evaluates a rule reference such as "data.agent_policy.ExecProcessRequest"; empty = undefined. A
   * null or missing input leaves input undefined; a null data is {}.
   */
  public Evaluation evaluate(String ref, JsonNode input, JsonNode data) {
    Term query = parseQuery(ref);
    Value in = input == null || input.isMissingNode() ? null : Json.fromNode(input);
    Value base =
        data == null || data.isNull()
            ? new Value.Obj(new java.util.TreeMap<>())
            : Json.fromNode(data);
    java.util.function.Supplier<Run> run =
        () -> {
          Interpreter interp = new Interpreter(program, in, base, maxSteps, maxDepth);
          return new Run(interp.query(query), interp.prints());
        };
    Run done;
    try {
      // Most policies fit the caller's stack; only a deep one pays for a thread with a large one.
      done = run.get();
    } catch (StackOverflowError deep) {
      done = runWithLargeStack(run);
    }
    if (done.results().size() > 1) {
      throw new RegoException(
          ref + ": query produced " + done.results().size() + " different values");
    }
    Optional<JsonNode> value =
        done.results().isEmpty()
            ? Optional.empty()
            : Optional.of(Json.toNode(done.results().first()));
    return new Evaluation(value, done.prints());
  }

  private record Run(NavigableSet<Value> results, List<String> prints) {}

  /** Queries are few (one per request name): parsed once. */
  private static final Map<String, Term> QUERIES = new ConcurrentHashMap<>();

  private static Term parseQuery(String ref) {
    return QUERIES.computeIfAbsent(ref, Engine::parseNewQuery);
  }

  private static Term parseNewQuery(String ref) {
    List<Token> toks = Lexer.tokenize(ref, "query");
    Parser parser = new Parser(toks, "query");
    Term t = parser.termIn();
    if (!parser.atEnd()) {
      throw new RegoException("query: unexpected input after " + ref);
    }
    return t;
  }

  /**
   * Threads with a large stack, kept for reuse: creating one (and reserving its stack) for every
   * evaluation cost far more than the evaluation of a typical agent request.
   */
  private static final ExecutorService EVALUATORS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(null, r, "rego-eval", STACK_BYTES);
            t.setDaemon(true);
            return t;
          });

  private static <T> T runWithLargeStack(java.util.function.Supplier<T> work) {
    Future<T> future =
        EVALUATORS.submit(
            () -> {
              try {
                return work.get();
              } catch (StackOverflowError e) {
                throw new RegoException("evaluation exhausted the stack");
              }
            });
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RegoException("evaluation interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new RegoException("evaluation failed: " + e.getCause());
    }
  }
}

package dev.osc.caa.cloud.aws;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every EC2 call of one provider: at most {@link Policy#concurrent} in flight (more wait for a
 * slot), and throttling, capacity and transient failures retried with exponential backoff and full
 * jitter until the call's time budget is spent; then the last failure is thrown with EC2's code.
 *
 * <p>Ours rather than the SDK's retry modes: those count attempts, not time, and when the SDK's
 * call timeout ends the retries its exception no longer carries EC2's error code; its adaptive mode
 * limits the request rate but not how many calls are in flight. So the SDK does not retry (see
 * {@link Ec2Clients}). Retrying RunInstances cannot launch twice: it carries a client token.
 */
final class Ec2Calls {
  private static final Logger log = LoggerFactory.getLogger(Ec2Calls.class);

  /** EC2's (and the AWS SDKs') codes for a request rate over the account's limit. */
  private static final Set<String> THROTTLING =
      Set.of(
          "RequestLimitExceeded",
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottled",
          "RequestThrottledException",
          "TooManyRequestsException",
          "EC2ThrottledException",
          "PriorRequestNotComplete");

  /** No capacity for the instance type in the zone right now; it often frees up within minutes. */
  private static final Set<String> CAPACITY =
      Set.of(
          "InsufficientInstanceCapacity",
          "InsufficientHostCapacity",
          "InsufficientCapacity",
          "InsufficientReservedInstanceCapacity",
          "InsufficientCapacityOnHost");

  private static final Set<String> TRANSIENT =
      Set.of("InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable");

  /** What to do about a failed attempt. */
  enum Verdict {
    THROTTLED,
    NO_CAPACITY,
    TRANSIENT,
    FINAL
  }

  /**
   * @param concurrent calls in flight at once
   * @param budget how long one call may take, its retries and waits for a slot included
   * @param firstDelay the backoff's cap after the first failure; doubled after each
   * @param maxDelay the most one backoff waits
   */
  record Policy(int concurrent, Duration budget, Duration firstDelay, Duration maxDelay) {
    /** Two minutes per call, as the SDK's call timeout was; waits from 0.2 s up to 20 s. */
    static Policy of(int concurrent) {
      return new Policy(
          concurrent, Duration.ofMinutes(2), Duration.ofMillis(200), Duration.ofSeconds(20));
    }
  }

  private final Policy policy;
  private final Semaphore slots;

  Ec2Calls(Policy policy) {
    this.policy = policy;
    this.slots = new Semaphore(policy.concurrent(), true);
  }

  /** Whether and why to retry an answer of {@code status} with {@code code} (null: no answer). */
  static Verdict classify(String code, int status) {
    if (code != null && THROTTLING.contains(code)) {
      return Verdict.THROTTLED;
    }
    if (code != null && CAPACITY.contains(code)) {
      return Verdict.NO_CAPACITY;
    }
    if ((code != null && TRANSIENT.contains(code))
        || status == Ec2CallException.UNANSWERED
        || status == 429
        || status >= 500) {
      return Verdict.TRANSIENT;
    }
    return Verdict.FINAL;
  }

  /**
   * Full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog): uniform between 0 and
   * {@code min(maxDelay, firstDelay * 2^(attempt-1))}; {@code random} is in [0, 1).
   */
  static Duration backoff(Policy policy, int attempt, double random) {
    long cap = policy.firstDelay().toNanos() << Math.min(attempt - 1, 30);
    if (cap <= 0 || cap > policy.maxDelay().toNanos()) {
      cap = policy.maxDelay().toNanos();
    }
    return Duration.ofNanos((long) (cap * random));
  }

  /** Runs {@code call} in a slot, retrying as the policy says. */
  <T> T call(String operation, Supplier<T> call) throws Ec2CallException {
    long deadline = System.nanoTime() + policy.budget().toNanos();
    for (int attempt = 1; ; attempt++) {
      Ec2CallException failure;
      acquire(operation, deadline);
      try {
        return Ec2CallException.call(operation, call);
      } catch (Ec2CallException e) {
        failure = e;
      } finally {
        slots.release();
      }
      Verdict verdict = classify(failure.code(), failure.status());
      if (verdict == Verdict.FINAL) {
        throw failure;
      }
      Duration wait = backoff(policy, attempt, ThreadLocalRandom.current().nextDouble());
      if (System.nanoTime() + wait.toNanos() > deadline) {
        throw failure.givingUp(attempt, policy.budget());
      }
      log.debug(
          "{} attempt {}: {} ({}); retrying in {} ms",
          operation,
          attempt,
          failure.code(),
          verdict,
          wait.toMillis());
      sleep(operation, wait);
    }
  }

  private void acquire(String operation, long deadline) throws Ec2CallException {
    try {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw Ec2CallException.noSlot(operation, policy.concurrent(), policy.budget());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Ec2CallException.interrupted(operation, e);
    }
  }

  private static void sleep(String operation, Duration wait) throws Ec2CallException {
    try {
      Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Ec2CallException.interrupted(operation, e);
    }
  }
}

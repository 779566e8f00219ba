package dev.osc.caa.cloud;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** A blocking cloud call run on an executor, its {@link CloudException} failing the future. */
public final class CloudCalls {
  private CloudCalls() {}

  /** A call that may fail with the cloud's reason. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws CloudException;
  }

  public static <T> CompletableFuture<T> on(Executor executor, Call<T> call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call.run();
          } catch (CloudException e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }
}

package dev.osc.ttrpc;

import java.util.concurrent.CompletionStage;

/**
 * Serves one unary method without holding a handler thread while the answer is on its way (a cloud
 * call, a relayed call): the stage completes with the response payload, or exceptionally as {@link
 * UnaryHandler} throws. The handler thread runs only the method until it returns the stage. When
 * the deadline passes or the connection goes away the stage is cancelled, if it is a {@link
 * java.util.concurrent.CompletableFuture}, and {@link CallContext#isCancelled()} turns true.
 */
@FunctionalInterface
public interface AsyncUnaryHandler {
  CompletionStage<byte[]> handle(CallContext context, byte[] request) throws Exception;
}

package dev.osc.ttrpc;

/**
 * Serves one unary method: the request payload in, the response payload out (both the
 * protobuf-encoded method messages). Throw {@link TtrpcException} to answer with a specific status;
 * any other exception answers UNKNOWN with its message. The handler thread is interrupted when the
 * call's deadline passes or its connection goes away.
 */
@FunctionalInterface
public interface UnaryHandler {
  byte[] handle(CallContext context, byte[] request) throws Exception;
}

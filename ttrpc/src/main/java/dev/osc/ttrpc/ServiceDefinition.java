package dev.osc.ttrpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A named ttrpc service (e.g. {@code hypervisor.Hypervisor}) and its unary methods. */
public final class ServiceDefinition {
  private final String name;
  private final Map<String, AsyncUnaryHandler> methods;
  private final AsyncUnaryHandler anyMethod; // null: unknown methods are UNIMPLEMENTED

  private ServiceDefinition(
      String name, Map<String, AsyncUnaryHandler> methods, AsyncUnaryHandler anyMethod) {
    this.name = name;
    this.methods = Map.copyOf(methods);
    this.anyMethod = anyMethod;
  }

  /** Starts a service with the full name clients put in {@code Request.service}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  AsyncUnaryHandler method(String method) {
    return methods.getOrDefault(method, anyMethod);
  }

  /** Collects the methods of a service. */
  public static final class Builder {
    private final String name;
    private final Map<String, AsyncUnaryHandler> methods = new LinkedHashMap<>();
    private AsyncUnaryHandler anyMethod;

    private Builder(String name) {
      this.name = name;
    }

    /** Adds a unary method; names are case-sensitive, as on the wire. */
    public Builder unary(String method, UnaryHandler handler) {
      return unaryAsync(method, completed(handler));
    }

    /** Adds a unary method whose answer may come after the handler returned. */
    public Builder unaryAsync(String method, AsyncUnaryHandler handler) {
      if (methods.putIfAbsent(method, handler) != null)
        throw new IllegalArgumentException("duplicate method " + name + "/" + method);
      return this;
    }

    /**
     * Serves every method without a handler of its own, for relays that pass on a whole service
     * without knowing its methods; the handler finds the method in {@link CallContext#method()}.
     */
    public Builder anyMethod(UnaryHandler handler) {
      return anyMethodAsync(completed(handler));
    }

    /** {@link #anyMethod} whose answers may come after the handler returned (relays). */
    public Builder anyMethodAsync(AsyncUnaryHandler handler) {
      if (anyMethod != null) throw new IllegalArgumentException("anyMethod set twice for " + name);
      anyMethod = handler;
      return this;
    }

    private static AsyncUnaryHandler completed(UnaryHandler handler) {
      return (context, request) ->
          CompletableFuture.completedFuture(handler.handle(context, request));
    }

    public ServiceDefinition build() {
      return new ServiceDefinition(name, methods, anyMethod);
    }
  }
}

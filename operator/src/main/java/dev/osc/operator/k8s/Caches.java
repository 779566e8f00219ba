package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer caches the reconcilers registered, by {@link Kind#cache()}: secondary objects are
 * read here, never fetched, so a pass that finds everything as it should be sends no request. What
 * the operator writes is put into the cache at once ({@link #written}), so the next pass does not
 * act again on a version the watch has not delivered yet.
 *
 * <p>A stopping operator empties its caches while a pass may still run; what such a pass would read
 * as "absent" would make it create everything again. So a read that finds the cache stopped fails
 * the pass instead (JOSDK stops a source before emptying it: a read that then still sees it running
 * was made on a live cache).
 */
public final class Caches {
  private final Map<String, InformerEventSource<?, ?>> sources = new ConcurrentHashMap<>();

  /** Registers (or, for a restarted operator, replaces) the cache of a key. */
  public void add(String cache, InformerEventSource<?, ?> source) {
    sources.put(cache, source);
  }

  /** Forgets every cache: a restarted operator registers its own. */
  public void clear() {
    sources.clear();
  }

  public boolean has(String cache) {
    return sources.containsKey(cache);
  }

  public <R extends HasMetadata> Optional<R> get(Kind<R> kind, String namespace, String name) {
    InformerEventSource<R, ?> source = source(kind);
    Optional<R> found = source.get(new ResourceID(name, kind.namespaced() ? namespace : null));
    return live(source, kind.cache(), found);
  }

  public <R extends HasMetadata> Stream<R> list(Kind<R> kind) {
    InformerEventSource<R, ?> source = source(kind);
    List<R> all = source.list(r -> true).toList();
    return live(source, kind.cache(), all).stream();
  }

  /** Fails when the cache read from is stopping (see the class comment). */
  public static <T> T live(InformerEventSource<?, ?> source, String what, T read) {
    if (!source.isRunning()) {
      throw new Stopped(what);
    }
    return read;
  }

  /** A pass met a cache of a stopping operator: no failure to report, the next one carries on. */
  public static final class Stopped extends IllegalStateException {
    public Stopped(String what) {
      super("the operator is stopping: the cache of " + what + " is gone");
    }

    /** Whether {@code e} is, or was caused by, a stopped cache. */
    public static boolean causes(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof Stopped) {
          return true;
        }
      }
      return false;
    }
  }

  /** The object as the API server returned it after our write ({@code before}: null if new). */
  <R extends HasMetadata> void written(Kind<R> kind, R now, R before) {
    InformerEventSource<R, ?> source = source(kind);
    if (before == null) {
      source.handleRecentResourceCreate(ResourceID.fromResource(now), now);
    } else {
      source.handleRecentResourceUpdate(ResourceID.fromResource(now), now, before);
    }
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, ?> source(Kind<R> kind) {
    InformerEventSource<?, ?> source = sources.get(kind.cache());
    if (source == null) {
      throw new IllegalStateException("no informer cache registered for " + kind.cache());
    }
    return (InformerEventSource<R, ?>) source;
  }
}

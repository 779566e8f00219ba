package dev.osc.caa.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where pod VMs come from: a cloud (AWS EC2), a hypervisor (libvirt) or this machine (local). The
 * adaptor decides what to launch (name, size, user data, tags); a provider only turns that into an
 * instance and back. Implementations are thread-safe: many pods start at once.
 *
 * <p>Every instance carries the tags of {@link LaunchRequest#tags()}, which include {@link
 * InstanceTags} identity tags, so {@link #list} can find instances that no PeerPod records any more
 * (the orphan sweeper) after any crash.
 */
public interface CloudProvider extends AutoCloseable {
  /** The {@code CLOUD_PROVIDER} value this provider serves, e.g. {@code aws}. */
  String name();

  /**
   * The sizes of the instance types this provider may launch (the allowed list), for choosing the
   * smallest that fits a pod; empty when sizes are free-form (libvirt, local).
   */
  default List<InstanceType> instanceTypes() throws CloudException {
    return List.of();
  }

  /** The type launched when the pod asks for no size (PODVM_INSTANCE_TYPE); null if none. */
  default String defaultInstanceType() {
    return null;
  }

  /**
   * Launches an instance and returns it with at least one IP address. Launching again with the same
   * {@link LaunchRequest#name()} while the first is still there returns the same instance instead
   * of a second one, so a retry after a crash cannot leak a VM.
   */
  Instance create(LaunchRequest request) throws CloudException;

  /**
   * {@link #create} answered on a future, so that a provider whose cloud answers later holds no
   * thread meanwhile; by default {@link #create} on a thread of {@code blocking}. The future fails
   * with the {@link CloudException} itself (in a {@link java.util.concurrent.CompletionException}).
   */
  default CompletableFuture<Instance> createAsync(LaunchRequest request, Executor blocking) {
    return CloudCalls.on(blocking, () -> create(request));
  }

  /**
   * Deletes the instance and whatever was made for it (volumes, addresses). An instance that is
   * already gone is not an error.
   */
  void delete(String instanceId) throws CloudException;

  /** {@link #delete} answered on a future, as {@link #createAsync}. */
  default CompletableFuture<Void> deleteAsync(String instanceId, Executor blocking) {
    return CloudCalls.on(
        blocking,
        () -> {
          delete(instanceId);
          return null;
        });
  }

  /** The live (not terminated) instances carrying all of {@code tags}. */
  List<Instance> list(Map<String, String> tags) throws CloudException;

  @Override
  default void close() {}
}

package dev.osc.caa.hypervisor;

import static dev.osc.caa.hypervisor.HypervisorMessages.CREATE_VM;
import static dev.osc.caa.hypervisor.HypervisorMessages.START_VM;
import static dev.osc.caa.hypervisor.HypervisorMessages.STOP_VM;
import static dev.osc.caa.hypervisor.HypervisorMessages.VERSION;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.vm.PodVms;
import dev.osc.caa.vm.VmLimitReached;
import dev.osc.ttrpc.AsyncUnaryHandler;
import dev.osc.ttrpc.CallContext;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnaryHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code hypervisor.Hypervisor} as the Kata shim's remote hypervisor calls it, on the adaptor's
 * socket: CreateVM plans the VM, StartVM makes it, StopVM deletes it. Errors reach the shim with a
 * status saying whose fault they are: a bad request is INVALID_ARGUMENT, the node's VM limit
 * RESOURCE_EXHAUSTED, the cloud's refusal UNAVAILABLE, each with the reason.
 */
public final class HypervisorService {
  private HypervisorService() {}

  /** What Version answers. */
  public static final String VERSION_STRING = "osc-caa 0.1.0";

  public static ServiceDefinition definition(PodVms vms) {
    return ServiceDefinition.builder(HypervisorMessages.SERVICE)
        .unary(
            CREATE_VM,
            guarded(
                CREATE_VM,
                (ctx, bytes) -> {
                  var req = HypervisorMessages.CreateVmRequest.decode(bytes);
                  var path =
                      vms.create(
                          SandboxRequest.parse(req.id(), req.annotations()),
                          req.networkNamespacePath());
                  return HypervisorMessages.createVmResponse(path.toString());
                }))
        .unaryAsync(
            START_VM,
            guardedAsync(START_VM, (ctx, bytes) -> vms.startAsync(requireId(START_VM, bytes))))
        .unaryAsync(
            STOP_VM,
            guardedAsync(STOP_VM, (ctx, bytes) -> vms.stopAsync(requireId(STOP_VM, bytes))))
        .unary(VERSION, (ctx, bytes) -> HypervisorMessages.version(VERSION_STRING))
        .build();
  }

  private static String requireId(String method, byte[] bytes) {
    String id = HypervisorMessages.id(bytes);
    if (id.isBlank()) {
      throw new IllegalArgumentException(method + ": the sandbox id is empty");
    }
    return id;
  }

  /** Maps what went wrong to the status the shim sees. */
  private static UnaryHandler guarded(String method, UnaryHandler handler) {
    return (ctx, bytes) -> {
      try {
        return handler.handle(ctx, bytes);
      } catch (Exception e) {
        throw status(method, e);
      }
    };
  }

  /** A method answered later, with an empty response; a cancelled answer cancels the work. */
  private static AsyncUnaryHandler guardedAsync(String method, Work work) {
    return (ctx, bytes) -> {
      CompletableFuture<?> done;
      try {
        done = work.start(ctx, bytes);
      } catch (Exception e) {
        throw status(method, e);
      }
      CompletableFuture<byte[]> answer =
          done.handle(
              (result, error) -> {
                if (error != null) {
                  Throwable cause =
                      error instanceof CompletionException && error.getCause() != null
                          ? error.getCause()
                          : error;
                  throw new CompletionException(
                      cause instanceof Exception e ? status(method, e) : cause);
                }
                return HypervisorMessages.empty();
              });
      var unused =
          answer.whenComplete(
              (r, e) -> {
                if (answer.isCancelled()) {
                  done.cancel(false);
                }
              });
      return answer;
    };
  }

  /** The work of a method answered later. */
  @FunctionalInterface
  private interface Work {
    CompletableFuture<?> start(CallContext ctx, byte[] request) throws Exception;
  }

  private static Exception status(String method, Exception e) {
    if (e instanceof IllegalArgumentException) {
      return new TtrpcException(StatusCode.INVALID_ARGUMENT, e.getMessage());
    } else if (e instanceof VmLimitReached) {
      return new TtrpcException(StatusCode.RESOURCE_EXHAUSTED, e.getMessage());
    } else if (e instanceof IllegalStateException) {
      return new TtrpcException(StatusCode.FAILED_PRECONDITION, e.getMessage());
    } else if (e instanceof CloudException) {
      return new TtrpcException(StatusCode.UNAVAILABLE, method + ": " + e.getMessage());
    }
    return e;
  }
}

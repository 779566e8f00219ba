package dev.osc.caa.hypervisor;

import static dev.osc.caa.hypervisor.HypervisorMessages.CREATE_VM;
import static dev.osc.caa.hypervisor.HypervisorMessages.START_VM;
import static dev.osc.caa.hypervisor.HypervisorMessages.STOP_VM;
import static dev.osc.caa.hypervisor.HypervisorMessages.VERSION;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.vm.PodVms;
import dev.osc.caa.vm.VmLimitReached;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnaryHandler;

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
        .unary(
            START_VM,
            guarded(
                START_VM,
                (ctx, bytes) -> {
                  vms.start(requireId(START_VM, bytes));
                  return HypervisorMessages.empty();
                }))
        .unary(
            STOP_VM,
            guarded(
                STOP_VM,
                (ctx, bytes) -> {
                  vms.stop(requireId(STOP_VM, bytes));
                  return HypervisorMessages.empty();
                }))
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
      } catch (IllegalArgumentException e) {
        throw new TtrpcException(StatusCode.INVALID_ARGUMENT, e.getMessage());
      } catch (VmLimitReached e) {
        throw new TtrpcException(StatusCode.RESOURCE_EXHAUSTED, e.getMessage());
      } catch (IllegalStateException e) {
        throw new TtrpcException(StatusCode.FAILED_PRECONDITION, e.getMessage());
      } catch (CloudException e) {
        throw new TtrpcException(StatusCode.UNAVAILABLE, method + ": " + e.getMessage());
      }
    };
  }
}

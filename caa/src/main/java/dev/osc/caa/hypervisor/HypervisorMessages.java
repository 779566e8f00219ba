package dev.osc.caa.hypervisor;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.osc.caa.hypervisor.pb.CreateVMRequest;
import dev.osc.caa.hypervisor.pb.CreateVMResponse;
import dev.osc.caa.hypervisor.pb.StartVMRequest;
import dev.osc.caa.hypervisor.pb.StartVMResponse;
import dev.osc.caa.hypervisor.pb.VersionResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service and messages of Kata's {@code hypervisor.proto} (src/main/proto/hypervisor.proto,
 * generated into {@code dev.osc.caa.hypervisor.pb}): what the shim's remote hypervisor sends and
 * expects back, as the plain values the adaptor works with. Malformed bytes are an {@link
 * IllegalArgumentException}.
 */
public final class HypervisorMessages {
  private HypervisorMessages() {}

  public static final String SERVICE = "hypervisor.Hypervisor";
  public static final String CREATE_VM = "CreateVM";
  public static final String START_VM = "StartVM";
  public static final String STOP_VM = "StopVM";
  public static final String VERSION = "Version";

  /** {@code CreateVMRequest}. */
  public record CreateVmRequest(
      String id, Map<String, String> annotations, String networkNamespacePath) {
    public static CreateVmRequest decode(byte[] bytes) {
      CreateVMRequest r = parse(() -> CreateVMRequest.parseFrom(bytes));
      return new CreateVmRequest(
          r.getId(), new LinkedHashMap<>(r.getAnnotationsMap()), r.getNetworkNamespacePath());
    }

    public byte[] encode() {
      return CreateVMRequest.newBuilder()
          .setId(id)
          .putAllAnnotations(annotations)
          .setNetworkNamespacePath(networkNamespacePath == null ? "" : networkNamespacePath)
          .build()
          .toByteArray();
    }
  }

  /** {@code CreateVMResponse}. */
  public static byte[] createVmResponse(String agentSocketPath) {
    return CreateVMResponse.newBuilder().setAgentSocketPath(agentSocketPath).build().toByteArray();
  }

  public static String agentSocketPath(byte[] createVmResponse) {
    return parse(() -> CreateVMResponse.parseFrom(createVmResponse)).getAgentSocketPath();
  }

  /** {@code StartVMRequest}, and {@code StopVMRequest} (the same single field, id = 1). */
  public static byte[] idRequest(String id) {
    return StartVMRequest.newBuilder().setId(id).build().toByteArray();
  }

  public static String id(byte[] idRequest) {
    return parse(() -> StartVMRequest.parseFrom(idRequest)).getId();
  }

  /** {@code VersionRequest} and {@code VersionResponse} (the same single field, version = 1). */
  public static byte[] version(String version) {
    return VersionResponse.newBuilder().setVersion(version).build().toByteArray();
  }

  public static String version(byte[] message) {
    return parse(() -> VersionResponse.parseFrom(message)).getVersion();
  }

  /** {@code StartVMResponse} and {@code StopVMResponse}: no fields. */
  public static byte[] empty() {
    return StartVMResponse.getDefaultInstance().toByteArray();
  }

  private interface Parser<T> {
    T parse() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parser<T> parser) {
    try {
      return parser.parse();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed hypervisor message: " + e.getMessage(), e);
    }
  }
}

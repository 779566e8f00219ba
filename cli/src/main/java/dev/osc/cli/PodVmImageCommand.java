package dev.osc.cli;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.caa.image.ImageJob;
import dev.osc.caa.image.Images;
import dev.osc.caa.image.PeerPodsConfigMap;
import dev.osc.caa.image.SshKeyfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

@Command(
    name = "podvm-image",
    mixinStandardHelpOptions = true,
    subcommands = {PodVmImageCommand.Create.class, PodVmImageCommand.Delete.class},
    description = {
      "Creates or deletes the peer pods' pod VM image, as the operator's Jobs"
          + " osc-podvm-image-creation and osc-podvm-image-deletion do. The environment is"
          + " peer-pods-cm, peer-pods-secret and the provider's image ConfigMap; the image id is"
          + " read from and written to peer-pods-cm through the Kubernetes API.",
      "",
      "  aws      AMI (hvm, UEFI, ENA) named <AMI_BASE_NAME>-<AMI_VERSION_MAJ_MIN>.<UTC timestamp>"
          + " from the disk of PODVM_IMAGE_URI (aws-podvm-image-cm; empty: "
          + PodVmImageKeys.DEFAULT_AWS_IMAGE_URI
          + "): pulled, qcow2 converted to raw, uploaded to S3 bucket BUCKET_NAME (empty: one"
          + " made and removed for it), imported with EC2 ImportSnapshot; or from the EBS"
          + " snapshot PODVM_SNAPSHOT_ID; id key PODVM_AMI_ID",
      "  libvirt  volume IMAGE_NAME (default podvm-base.qcow2) in LIBVIRT_POOL, uploaded from"
          + " PODVM_IMAGE_URI (libvirt-podvm-image-cm; empty: "
          + PodVmImageKeys.DEFAULT_LIBVIRT_IMAGE_URI
          + "): oci::<registry>/<repo>:<tag>::<path>"
          + " (the disk pulled from the image, path default /image/podvm.qcow2; registry"
          + " credentials from $REGISTRY_AUTH_FILE or /tmp/regauth/auth.json, the optional"
          + " Secret auth-json-secret) or"
          + " file::<path> (a qcow2 file the pod can read); id key LIBVIRT_IMAGE_ID. A"
          + " qemu+ssh:// LIBVIRT_URI gets keyfile="
          + PodVmImageKeys.IMAGE_JOB_SSH_DIR
          + "/id_rsa when that key (Secret ssh-key-secret) is mounted.",
      "",
      "Exit codes: 0 done (or nothing to do), 1 the cloud or the Kubernetes API failed,"
          + " 2 configuration error (the message names the key), 3 deletion refused (the id is"
          + " not the one in peer-pods-cm).",
      ""
    })
final class PodVmImageCommand {
  @Option(
      names = "--namespace",
      paramLabel = "NS",
      scope = ScopeType.INHERIT,
      description =
          "Namespace of peer-pods-cm (default: the pod's, else"
              + " openshift-sandboxed-containers-operator).")
  String namespace;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:OSC_LOG_LEVEL:-INFO}",
      description = "Log level (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates the image unless the id key in peer-pods-cm is already set, then"
            + " writes the id there (unless UPDATE_PEERPODS_CM=no) with the annotation"
            + " "
            + Names.ANNOTATION_PODVM_IMAGE_CREATED
            + " marking it as made here."
      })
  static final class Create implements Callable<Integer> {
    @ParentCommand PodVmImageCommand parent;

    @Override
    public Integer call() {
      return parent.run(job -> job.create(), "create");
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Deletes the image only if its id is the one in peer-pods-cm, then clears" + " the key."
      })
  static final class Delete implements Callable<Integer> {
    @ParentCommand PodVmImageCommand parent;

    @Option(
        names = "--image-id",
        paramLabel = "ID",
        description =
            "The image to delete (default: AMI_ID for aws, LIBVIRT_IMAGE_ID for" + " libvirt).")
    String imageId;

    @Override
    public Integer call() {
      return parent.run(job -> job.delete(imageId), "delete");
    }
  }

  private int run(java.util.function.Function<ImageJob, ImageJob.Outcome> action, String verb) {
    Logging.level(logLevel);
    Map<String, String> env =
        SshKeyfile.inEnvironment(
            new HashMap<>(System.getenv()), Path.of(PodVmImageKeys.IMAGE_JOB_SSH_DIR));
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns =
          namespace != null
              ? namespace
              : client.getNamespace() != null ? client.getNamespace() : Names.OPERATOR_NAMESPACE;
      ImageJob.Outcome outcome =
          action.apply(
              new ImageJob(
                  env, new PeerPodsConfigMap(client, ns), Images::open, Clock.systemUTC()));
      (outcome.exitCode() == ImageJob.OK ? System.out : System.err)
          .println("osc podvm-image " + verb + ": " + outcome.message());
      return outcome.exitCode();
    }
  }
}

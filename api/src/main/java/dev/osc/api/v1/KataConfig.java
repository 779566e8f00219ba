package dev.osc.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.osc.api.Names;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cluster-scoped request to install the kata runtime on the selected worker nodes. Only one may
 * exist. The printer columns make {@code kubectl get kataconfig} read like the documentation.
 */
@Group(Names.GROUP)
@Version("v1")
@Plural("kataconfigs")
@Singular("kataconfig")
@AdditionalPrinterColumn(
    name = "InProgress",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type=='InProgress')].status")
@AdditionalPrinterColumn(
    name = "Completed",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.kataNodes.readyNodeCount")
@AdditionalPrinterColumn(
    name = "Total",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.kataNodes.nodeCount")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
@SchemaSwap(
    originalType = LabelSelectorRequirement.class,
    fieldName = "operator",
    targetType = SelectorOperator.class)
public class KataConfig extends CustomResource<KataConfigSpec, KataConfigStatus> {

  @Override
  protected KataConfigSpec initSpec() {
    return new KataConfigSpec();
  }

  /** Peer pods install kata-remote; the runtime's name appears in the status messages. */
  @JsonIgnore
  public String runtimeName() {
    return getSpec() != null && getSpec().isEnablePeerPods()
        ? Names.RUNTIME_CLASS_KATA_REMOTE
        : Names.RUNTIME_CLASS_KATA;
  }
}

package dev.osc.api.v1alpha1;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The per-node peer pod VM limit and the cloud-api-adaptor's wiring. The operator creates one,
 * {@code peerpodconfig-openshift} in its namespace; {@code spec.limit} is what every kata node
 * advertises as {@code kata.peerpods.io/vm} capacity.
 */
@Group(PeerPods.GROUP)
@Version("v1alpha1")
@Plural("peerpodconfigs")
@Singular("peerpodconfig")
public class PeerPodConfig extends CustomResource<PeerPodConfigSpec, PeerPodConfigStatus>
    implements Namespaced {}

package dev.osc.caa.image;

/**
 * What to make the pod VM image from and what to call it.
 *
 * @param name the AMI name (aws) or the volume name (libvirt)
 * @param source the EBS snapshot id (aws); the local qcow2 file or an {@code oci::} image URI
 *     (libvirt)
 */
public record ImageRequest(String name, String source) {}

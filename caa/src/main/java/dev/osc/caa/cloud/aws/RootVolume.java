package dev.osc.caa.cloud.aws;

/** The pod VM's root volume: the AMI's root device, at the configured size or the AMI's own. */
record RootVolume(String deviceName, int sizeGiB) {}

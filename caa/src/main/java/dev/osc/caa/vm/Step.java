package dev.osc.caa.vm;

/**
 * The moments of a VM's creation and deletion at which the adaptor may die. Each is a point where
 * the cloud and the ledger disagree until recovery reconciles them; the fault-injection test kills
 * the adaptor at every one.
 */
public enum Step {
  /** PeerPod written, cloud not yet asked. */
  INTENT_RECORDED,
  /** VM made, PeerPod still without its instance id. */
  INSTANCE_CREATED,
  /** PeerPod complete, StartVM not yet answered. */
  INSTANCE_RECORDED,
  /** StopVM: VM deleted, PeerPod still held. */
  INSTANCE_DELETED
}

/**
 * Names of the kubeflow.org/v1 TFJob API as training-operator release-1.9 spells them: replica
 * types, restart and clean-pod policies, labels, condition types and reasons.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/apis/kubeflow.org/v1/tensorflow_types.go
 */

/** The TFJob group/version/kind. */
export const TFJobGvk = { group: 'kubeflow.org', version: 'v1', kind: 'TFJob' } as const;

/** The replica types, in their canonical (camel case) spelling. */
export const ReplicaTypes = ['PS', 'Worker', 'Chief', 'Master', 'Evaluator'] as const;
/** One replica type. */
export type ReplicaType = (typeof ReplicaTypes)[number];

/** Replica restart policies (`ExitCode` restarts only on retryable exit codes). */
export const RestartPolicies = ['Always', 'OnFailure', 'Never', 'ExitCode'] as const;
/** Which pods are deleted when a job finishes. */
export const CleanPodPolicies = ['All', 'Running', 'None'] as const;

/** The container TF_CONFIG goes to and the port the cluster spec names. */
export const DefaultContainerName = 'tensorflow';
/** Name of the port every replica serves on. */
export const DefaultPortName = 'tfjob-port';
/** The port used when the `tensorflow` container declares none. */
export const DefaultPort = 2222;

/** Value of the operator-name label. */
export const OperatorName = 'tfjob-controller';
/** Labels put on every pod and service of a job. */
export const Labels = {
  operatorName: 'training.kubeflow.org/operator-name',
  jobName: 'training.kubeflow.org/job-name',
  replicaType: 'training.kubeflow.org/replica-type',
  replicaIndex: 'training.kubeflow.org/replica-index',
  jobRole: 'training.kubeflow.org/job-role',
} as const;

/** Job condition types. */
export const ConditionType = {
  Created: 'Created',
  Running: 'Running',
  Restarting: 'Restarting',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Suspended: 'Suspended',
} as const;

/** Condition and event reasons (`TFJob` + the common reason, as upstream's NewReason). */
export const Reason = {
  Created: 'TFJobCreated',
  Running: 'TFJobRunning',
  Restarting: 'TFJobRestarting',
  Succeeded: 'TFJobSucceeded',
  Failed: 'TFJobFailed',
  Suspended: 'TFJobSuspended',
  Resumed: 'TFJobResumed',
  FailedValidation: 'TFJobFailedValidation',
} as const;

/** `runPolicy.managedBy` of jobs this controller reconciles (as does an unset managedBy). */
export const KubeflowJobsController = 'kubeflow.org/training-operator';

/** `spec.successPolicy` value: succeed once every worker succeeded. */
export const SuccessPolicyAllWorkers = 'AllWorkers';

/** The env var naming the cluster domain appended to service hosts in TF_CONFIG. */
export const EnvCustomClusterDomain = 'CUSTOM_CLUSTER_DOMAIN';

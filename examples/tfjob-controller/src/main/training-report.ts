import type { TFJob } from '../generated/kubeflow.org/v1';
import { podName } from '../apis/names';

/** The part of the typed pods client {@link printReplicaLogs} uses (`kubectl logs`). */
export interface PodLogReader {
  getLogs(name: string): Promise<string>;
}

/** What the demo trainer's logs (sample/ps.mjs, sample/worker.mjs) say about the training. */
export interface TrainingSummary {
  /** The PS's loss lines in order: `[step, mean batch loss]`. */
  losses: [number, number][];
  /** The chief's accuracy on the held-out set, as a fraction. */
  accuracy?: number;
  /** The PS's step a restarted worker resumed at. */
  resumedAt?: number;
}

/**
 * Prints `kubectl logs` of every replica of `job` (PS, then workers, by index), each line
 * indented under a heading; resolves with all their text. A pod without logs is reported, not
 * thrown.
 */
export async function printReplicaLogs(
  pods: PodLogReader,
  job: TFJob,
  print: (line: string) => void,
): Promise<string> {
  let all = '';
  for (const [type, spec] of Object.entries(job.spec?.tfReplicaSpecs ?? {})) {
    for (let i = 0; i < (spec?.replicas ?? 1); i++) {
      const name = podName(job.metadata!.name!, type, i);
      const text = await pods.getLogs(name).catch((err: Error) => `(no logs: ${err.message})\n`);
      print(`kubectl logs ${name}`);
      for (const line of text.trimEnd().split('\n')) print(`  ${line}`);
      all += text;
    }
  }
  return all;
}

/** Reads the loss, accuracy and resume lines out of the trainer's logs. */
export function summarizeTraining(logs: string): TrainingSummary {
  const losses = [...logs.matchAll(/\[ps-0\] step +(\d+)\/\d+ +loss ([\d.]+)/g)].map(
    (m): [number, number] => [Number(m[1]), Number(m[2])],
  );
  const accuracy = /held-out accuracy ([\d.]+)%/.exec(logs)?.[1];
  const resumedAt = /resuming at the PS's step (\d+)/.exec(logs)?.[1];
  return {
    losses,
    ...(accuracy !== undefined ? { accuracy: Number(accuracy) / 100 } : {}),
    ...(resumedAt !== undefined ? { resumedAt: Number(resumedAt) } : {}),
  };
}

/**
 * One line: the job's outcome `seconds` after it was submitted, its restarts, the loss from
 * first to last and the accuracy.
 */
export function summaryLine(
  job: TFJob | undefined,
  outcome: string,
  s: TrainingSummary,
  seconds: number,
): string {
  const first = s.losses[0];
  const last = s.losses.at(-1);
  return [
    `TFJob ${job?.metadata?.namespace}/${job?.metadata?.name} ${outcome} ${seconds.toFixed(1)} s after submission`,
    `restarts ${job?.status?.restartCount ?? 0}` +
      (s.resumedAt !== undefined ? ` (the killed worker resumed at step ${s.resumedAt})` : ''),
    first && last
      ? `loss ${first[1]} at step ${first[0]} -> ${last[1]} at step ${last[0]}`
      : 'no loss reported',
    s.accuracy !== undefined
      ? `held-out accuracy ${(100 * s.accuracy).toFixed(1)}%`
      : 'no accuracy reported',
  ].join('; ');
}

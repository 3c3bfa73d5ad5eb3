import { tfJob } from '../testing/harness';
import { printReplicaLogs, summarizeTraining, summaryLine } from './training-report';

const psLog =
  '[ps-0] serving MLP\n[ps-0] step   1/200  loss 2.3023\n[ps-0] step  20/200  loss 1.4829\n' +
  '[ps-0] step 200/200  loss 0.1430\n';
const workerLog =
  "[worker-1] restarted after exit 137: resuming at the PS's step 120 (last checkpoint in the PVC: step 100)\n";
const chiefLog = '[worker-0] held-out accuracy 90.2% (1000 examples never trained on)\n';

describe('printReplicaLogs', () => {
  it('prints kubectl logs of each replica in order, and a pod without logs says why', async () => {
    const logs: Record<string, string> = { 'j-ps-0': psLog, 'j-worker-0': chiefLog };
    const pods = {
      getLogs: async (name: string) => {
        if (!(name in logs)) throw new Error(`pods "${name}" not found`);
        return logs[name]!;
      },
    };
    const lines: string[] = [];
    const all = await printReplicaLogs(pods, tfJob('j', { PS: 1, Worker: 2 }), (l) =>
      lines.push(l),
    );
    expect(lines.filter((l) => l.startsWith('kubectl logs'))).toEqual([
      'kubectl logs j-ps-0',
      'kubectl logs j-worker-0',
      'kubectl logs j-worker-1',
    ]);
    expect(lines.at(-1)).toBe('  (no logs: pods "j-worker-1" not found)');
    expect(all).toContain(chiefLog);
  });
});

describe('summarizeTraining and summaryLine', () => {
  it('reads the losses, the resume step and the accuracy', () => {
    const summary = summarizeTraining(psLog + chiefLog + workerLog);
    expect(summary).toEqual({
      losses: [
        [1, 2.3023],
        [20, 1.4829],
        [200, 0.143],
      ],
      accuracy: 0.902,
      resumedAt: 120,
    });
    const job = { ...tfJob('mnist', { Worker: 2 }), status: { restartCount: 1 } };
    expect(summaryLine(job, 'Succeeded', summary, 12.34)).toBe(
      'TFJob default/mnist Succeeded 12.3 s after submission; restarts 1 (the killed worker ' +
        'resumed at step 120); loss 2.3023 at step 1 -> 0.143 at step 200; held-out accuracy 90.2%',
    );
  });

  it('says what the logs did not report', () => {
    expect(summaryLine(tfJob('j', { Worker: 1 }), 'Failed', summarizeTraining(''), 1)).toBe(
      'TFJob default/j Failed 1.0 s after submission; restarts 0; no loss reported; no accuracy reported',
    );
  });
});

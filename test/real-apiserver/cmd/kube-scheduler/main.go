// Command kube-scheduler is the upstream Kubernetes scheduler, unmodified: it runs the command
// that k8s.io/kubernetes/cmd/kube-scheduler/app builds, with the same flags and the same
// default profile. Two additions:
//   - parentwatch: with REALAPISERVER_STOP_ON_STDIN_EOF set it shuts down gracefully once its
//     parent goes away;
//   - the Coscheduling plugin of sigs.k8s.io/scheduler-plugins (gang scheduling over PodGroups)
//     is registered as an out-of-tree plugin, as scheduler-plugins' own scheduler command
//     registers it. Registering changes nothing by itself: a profile runs it only when a
//     KubeSchedulerConfiguration (--config) enables it.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"
	// Adds the plugins' argument types (CoschedulingArgs) and their defaults to the scheduler's
	// configuration scheme, so a profile that enables Coscheduling without args gets defaults.
	_ "sigs.k8s.io/scheduler-plugins/apis/config/scheme"
	"sigs.k8s.io/scheduler-plugins/pkg/coscheduling"

	"kubekit.dev/realapiserver/internal/parentwatch"
)

func main() {
	parentwatch.Start()
	os.Exit(cli.Run(app.NewSchedulerCommand(app.WithPlugin(coscheduling.Name, coscheduling.New))))
}

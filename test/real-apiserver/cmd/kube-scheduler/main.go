// Command kube-scheduler is the upstream Kubernetes scheduler, unmodified: it runs the command
// that k8s.io/kubernetes/cmd/kube-scheduler/app builds, with the same flags. The only addition
// is parentwatch: with REALAPISERVER_STOP_ON_STDIN_EOF set it shuts down gracefully once its
// parent goes away.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"

	"kubekit.dev/realapiserver/internal/parentwatch"
)

func main() {
	parentwatch.Start()
	os.Exit(cli.Run(app.NewSchedulerCommand()))
}

// Command kube-controller-manager is the upstream Kubernetes controller manager, unmodified: it
// runs the command that k8s.io/kubernetes/cmd/kube-controller-manager/app builds, with the same
// flags. The only addition is parentwatch: with REALAPISERVER_STOP_ON_STDIN_EOF set it shuts
// down gracefully once its parent goes away.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"

	"kubekit.dev/realapiserver/internal/parentwatch"
)

func main() {
	parentwatch.Start()
	os.Exit(cli.Run(app.NewControllerManagerCommand()))
}
